import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const namesInModule = z.object({
  /** The file that declares the names, relative to the config file. */
  module: z.string().min(1),
  names: z.array(z.string().min(1)).min(1),
}).strict();

/**
 * The `audit` section of isogate.config.ts. Every path is relative to the config file, so a
 * config audits the same files wherever it is run from.
 */
export const auditConfigSchema = z.object({
  /** The tsconfig whose files are audited. */
  project: z.string().min(1).default('tsconfig.json'),
  /** Globs narrowing the project's files to audit (default: all of them). */
  include: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
  /** The only files allowed to touch tenant state. */
  wrappers: z.array(z.string().min(1)).default([]),
  state: z.object({
    /** Importing or using these packages (or project files) is state access. */
    modules: z.array(z.string().min(1)).default([]),
    /** Classes/functions whose use is state access: a bare name (declared in the project) or `{ module, names }`. */
    symbols: z.array(z.union([z.string().min(1), namesInModule])).default([]),
    /**
     * Globals holding tenant state: `{ module, names }` for names a module declares (imported,
     * or set on the global object), or a bare name for a property of the global object
     * (`globalThis.X`, `global.X`, `window.X`, `self.X`) declared nowhere in particular.
     */
    globals: z.array(z.union([z.string().min(1), namesInModule])).default([]),
  }).strict().default({ modules: [], symbols: [], globals: [] }),
  /** Request-path code, where module-level mutable singletons are violations; [] turns the rule off. */
  requestPath: z.array(z.string().min(1)).default(['**']),
  legacyHeaders: z.object({
    names: z.array(z.string().min(1)).min(1),
    allowedIn: z.array(z.string().min(1)).default([]),
    /** After this day, reading a legacy header is a violation everywhere. */
    until: isoDate.optional(),
  }).strict().optional(),
  /** Production config files, where a Redis URL must be rediss:// (TLS). */
  productionConfig: z.array(z.string().min(1)).default(['**/*.production.*', '**/production.*', '**/.env.production']),
}).strict();

export type AuditConfigInput = z.input<typeof auditConfigSchema>;
export type AuditConfig = z.output<typeof auditConfigSchema>;
