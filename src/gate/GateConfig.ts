import { z } from 'zod';
import { CHECKS, isCheckId, isMetricOf } from '../evidence/index.js';
import { parseArmState } from '../load/index.js';
import { PRESET_NAMES } from './presets/index.js';
import { OPS } from './StagePlan.js';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'ids are letters, digits, ".", "_", ":" and "-"');
const sourceSchema = z.object({ document: z.string().min(1), section: z.string().min(1) }).strict();
const checkSchema = z.string().refine(isCheckId, { message: `expected a check from CHECKS (${Object.keys(CHECKS).join(', ')})` });

function metricKnown(check: string, metric: string): boolean {
  return isMetricOf(check, metric);
}

const criterionSchema = z.object({
  id,
  check: checkSchema,
  metric: z.string().min(1),
  op: z.enum(OPS),
  value: z.number(),
  minSamples: z.object({ metric: z.string().min(1), value: z.number().nonnegative() }).strict().optional(),
  text: z.string().min(1).default('custom criterion'),
  source: sourceSchema,
  latency: z.object({ floorMs: z.number().nonnegative(), baselineMetric: z.string().min(1) }).strict().optional(),
}).strict().superRefine((c, ctx) => {
  if (c.latency !== undefined && !metricKnown(c.check, c.latency.baselineMetric)) {
    ctx.addIssue({ code: 'custom', path: ['latency', 'baselineMetric'], message: `${c.check} has no metric ${JSON.stringify(c.latency.baselineMetric)}` });
  }
  if (!metricKnown(c.check, c.metric)) ctx.addIssue({ code: 'custom', path: ['metric'], message: `${c.check} has no metric ${JSON.stringify(c.metric)}` });
  if (c.minSamples !== undefined && !metricKnown(c.check, c.minSamples.metric)) {
    ctx.addIssue({ code: 'custom', path: ['minSamples', 'metric'], message: `${c.check} has no metric ${JSON.stringify(c.minSamples.metric)}` });
  }
});

const manualSchema = z.object({ id, text: z.string().min(1), source: sourceSchema }).strict();
const runSchema = z.object({ id, argv: z.array(z.string()).min(1), produces: z.array(checkSchema).min(1) }).strict();
const armSpec = z.string().refine((text) => {
  try { parseArmState(text); return true; } catch { return false; }
}, { message: 'expected an arm like new:off, previous:off, new:allow=1, new:cohort=10 or new:all' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const stageSchema = z.object({
  id,
  title: z.string().min(1),
  summary: z.string().default(''),
  source: sourceSchema,
  notBefore: isoDate.optional(),
  window: z.object({ from: isoDate.optional(), to: isoDate.optional() }).strict().optional(),
  runs: z.array(runSchema),
  criteria: z.array(criterionSchema),
  manual: z.array(manualSchema).default([]),
  arms: z.object({ candidate: armSpec, baseline: armSpec, why: z.string().default('') }).strict().optional(),
}).strict().superRefine((s, ctx) => {
  const produced = new Set(s.runs.flatMap((r) => r.produces));
  s.criteria.forEach((c, i) => {
    if (!produced.has(c.check)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'check'], message: `no run of this stage produces ${c.check}` });
  });
});

/** A plan of the user's own, with the presets' shape. */
export const stagePlanSchema = z.object({
  id,
  title: z.string().min(1),
  document: z.string().min(1),
  stages: z.array(stageSchema).min(1),
}).strict().superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.stages.forEach((s, i) => {
    if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'id'], message: `stage ${s.id} appears twice` });
    seen.add(s.id);
  });
});

/** A threshold override: a new value, and optionally a new sample minimum. */
const overrideSchema = z.union([
  z.number(),
  z.object({ value: z.number().optional(), minSamples: z.number().nonnegative().optional() }).strict(),
]);

/** The `gate` section of isogate.config.ts. Owned by src/gate; config/ only composes it. */
export const gateConfigSchema = z.object({
  /** A preset name, or a plan of your own. */
  plan: z.union([z.enum(PRESET_NAMES), stagePlanSchema]).default('tenant-scoped-state'),
  /** Thresholds by criterion id (`pilot.redis-p95: 4`), checked against the plan's criteria. */
  overrides: z.record(z.string(), overrideSchema).default({}),
  /** Seconds one check may run before the gate stops it (its evidence then counts as errored). */
  checkTimeoutSeconds: z.number().int().positive().default(900),
}).strict();

export type GateConfig = z.output<typeof gateConfigSchema>;
export type GateConfigInput = z.input<typeof gateConfigSchema>;
export type ThresholdOverride = z.output<typeof overrideSchema>;
