import { z } from 'zod';
import { auditConfigSchema } from '../audit/index.js';
import { drillsConfigSchema } from '../drills/index.js';
import { gateConfigSchema } from '../gate/index.js';
import { leakageConfigSchema } from '../leakage/index.js';
import { loadConfigSchema } from '../load/index.js';
import { productionConfigSchema } from '../production/index.js';
import { scenariosConfigSchema } from '../scenarios/index.js';
import { targetsSchema } from '../targets/index.js';

/**
 * The whole of isogate.config.ts. Each pillar owns the schema of its own section; this file
 * only composes them, so a pillar's options change without touching the others.
 */
export const isogateConfigSchema = z.object({
  targets: targetsSchema.default({}),
  redis: z.object({
    /** Accept a REDIS_URL database that holds keys isogate did not write. */
    allowForeignKeys: z.boolean().default(false),
  }).strict().default({ allowForeignKeys: false }),
  /** Where runs write their reports and evidence, relative to the config file. */
  reportsDir: z.string().min(1).default('reports'),
  leakage: leakageConfigSchema.optional(),
  audit: auditConfigSchema.optional(),
  load: loadConfigSchema.optional(),
  drills: drillsConfigSchema.optional(),
  gate: gateConfigSchema.optional(),
  scenarios: scenariosConfigSchema.optional(),
  production: productionConfigSchema.optional(),
}).strict();

/** What a user writes (defaults may be left out). */
export type IsogateConfigInput = z.input<typeof isogateConfigSchema>;
/** What isogate works with, defaults filled in. */
export type IsogateConfig = z.output<typeof isogateConfigSchema>;

/** Typed identity: gives a user's config file completion and checking in their editor. */
export function defineConfig(config: IsogateConfigInput): IsogateConfigInput {
  return config;
}
