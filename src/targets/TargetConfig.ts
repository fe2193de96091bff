import { z } from 'zod';

/** A RegExp, or a string holding one (JSON-friendly configs). */
const regex = z.unknown().transform((value, ctx): RegExp => {
  if (value instanceof RegExp) return value;
  if (typeof value === 'string' && value !== '') {
    try {
      return new RegExp(value);
    } catch {
      // reported below
    }
  }
  ctx.addIssue({ code: 'custom', message: `expected a RegExp or a valid regular expression string, found ${JSON.stringify(value)}` });
  return z.NEVER;
});

/**
 * How isogate flips a target's feature flags (TENANT_SCOPED_STATE, globally and per tenant) in the
 * middle of traffic. Either a module export `setFlag({ redisUrl, namespace, flag, value, tenant? })`,
 * or the Redis keys the target reads its flags from plus the pub/sub channel it listens on
 * (`{ns}`, `{flag}`, `{tenant}` and `{value}` are filled in). Without it, no flips are drawn.
 */
export const flagControlSchema = z.union([
  z.object({
    module: z.string().min(1),
    export: z.string().min(1).default('setFlag'),
    flags: z.array(z.string().min(1)).min(1).default(['TENANT_SCOPED_STATE']),
    /** Wait this long after each flip, for targets that cannot say when they applied it. */
    settleMs: z.number().int().nonnegative().default(0),
  }).strict(),
  z.object({
    redis: z.object({
      key: z.string().includes('{flag}').default('{ns}:feature_flags:{flag}'),
      /** The per-tenant override key; without it, only global flips are drawn. */
      tenantKey: z.string().includes('{tenant}').optional(),
      channel: z.string().min(1).optional(),
      message: z.string().default('{flag}={value}'),
      on: z.string().default('true'),
      off: z.string().default('false'),
    }).strict(),
    flags: z.array(z.string().min(1)).min(1).default(['TENANT_SCOPED_STATE']),
    /** Wait this long after each flip, so pub/sub listeners have applied it (default 50 ms). */
    settleMs: z.number().int().nonnegative().default(50),
  }).strict(),
]);

/**
 * Where a tenant's Redis keys must lie: a template (`{ns}` and `{tenant}` filled in literally, `*`
 * a wildcard), or a module export `(namespace, tenant) => glob` for targets that encode tenant ids
 * in their keys (a Redis glob: `*`, `?`, `\\` escapes).
 */
export const keyspaceSchema = z.union([
  z.string().includes('{tenant}'),
  z.object({ module: z.string().min(1), export: z.string().min(1).default('tenantKeyspace') }).strict(),
]);

/**
 * What joins the parts of the run namespace isogate hands the target (`isogate<sep><id><sep>rN`):
 * a library that reserves ':' in its namespaces takes another separator.
 */
const separatorSchema = z.string().min(1).max(4).regex(/^[^\sA-Za-z0-9]+$/, 'expected 1 to 4 punctuation characters').default(':');

/** Passed to the target's factory (or start function) as its second argument, e.g. `{ faults: [...] }`. */
const targetOptionsSchema = z.record(z.string(), z.unknown()).optional();

/** A module target: a factory around the user's own state-access wrapper. */
export const moduleTargetSchema = z.object({
  kind: z.literal('module'),
  module: z.string({ error: 'expected the path of a module exporting a store factory' }).min(1, 'expected a module path, found an empty string'),
  export: z.string().min(1).default('createStore'),
  /** What tenant ids the target accepts; the engine draws from all of it. Default: any non-empty string. */
  tenantId: regex.optional(),
  /** What keys the target accepts. Default: any non-empty string. */
  key: regex.optional(),
  /** What values the target accepts (drawn values end with a canary token). Default: well-formed Unicode. */
  value: regex.optional(),
  separator: separatorSchema,
  /**
   * Transformations this target's code applies to ids and keys, added to the built-in catalogue of
   * related ids (see src/leakage/README.md): every match of `from` replaced by `to`; `weight`: how
   * often it is drawn next to a built-in relation (default 1).
   */
  relations: z.array(z.object({
    name: z.string().min(1),
    from: z.string().min(1).refine((s) => { try { new RegExp(s, 'gu'); return true; } catch { return false; } }, 'expected a valid regular expression'),
    to: z.string(),
    weight: z.number().int().min(1).max(10).optional(),
  }).strict()).optional(),
  /** The store promises exact key/value semantics: lost writes and stale reads are findings. */
  exact: z.boolean().default(false),
  /** Where a tenant's Redis keys must lie (see keyspaceSchema). */
  keyspace: keyspaceSchema.optional(),
  flags: flagControlSchema.optional(),
  options: targetOptionsSchema,
});

const requestSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Path with `{id}` and `{token}` placeholders filled in by the engine. */
  path: z.string().startsWith('/'),
  /** JSON body template; the string `{token}` anywhere in it is replaced by a canary token. */
  body: z.unknown().optional(),
});

const resourceSchema = z.object({
  create: requestSchema.extend({ idFrom: z.string().min(1).default('id') }),
  read: requestSchema.optional(),
  list: requestSchema.optional(),
  delete: requestSchema.optional(),
  /**
   * Clears the calling tenant's state (an offboarding or reset endpoint, e.g. `DELETE /state`):
   * `scope: 'tenant'` when it clears every resource of the tenant, `'resource'` when only this one.
   */
  clear: requestSchema.extend({ scope: z.enum(['resource', 'tenant']).default('resource') }).optional(),
  /**
   * `global`: ids are global (server-assigned), so another tenant's id must be denied.
   * `tenant`: each tenant names its own ids (a key, a stream), so another tenant asking for the
   * same name is served from its own space: only a foreign token in the answer is a leak.
   */
  idScope: z.enum(['global', 'tenant']).default('global'),
});

const tenantCredentialSchema = z.object({
  id: z.string().min(1),
  headers: z.record(z.string(), z.string()),
});

/** An HTTP target: a running service, or one isogate starts (`start`). */
export const httpTargetSchema = z.object({
  kind: z.literal('http'),
  baseUrl: z.string().url().optional(),
  /** A module exporting `start(env) => Promise<{ url: string; close(): Promise<void> }>`. */
  start: z.object({ module: z.string().min(1), export: z.string().min(1).default('start') }).optional(),
  tenants: z.array(tenantCredentialSchema).min(2, 'an http target needs at least 2 tenants'),
  resources: z.record(z.string(), resourceSchema),
  /** Statuses that count as a denial when a tenant asks for another's resource. */
  denyStatuses: z.array(z.number().int()).default([403, 404]),
  /** Tenant headers to spoof: a request carrying one must still be served as its token's tenant. */
  spoofHeaders: z.array(z.string()).default(['X-StellaOps-Tenant', 'X-Stella-Tenant', 'X-Tenant-Id']),
  /** A tenant must read back what it created (read-your-writes): a failed own read is a finding. */
  exact: z.boolean().default(false),
  separator: separatorSchema,
  /** Where a started service's tenants keep their Redis keys (`{ns}`, `{tenant}`); checked after each run. */
  keyspace: keyspaceSchema.optional(),
  flags: flagControlSchema.optional(),
  options: targetOptionsSchema,
}).refine((t) => t.baseUrl !== undefined || t.start !== undefined, {
  message: 'an http target needs a baseUrl or a start module',
});

export const targetSchema = z.discriminatedUnion('kind', [moduleTargetSchema, httpTargetSchema]);

/** Target names: they name evidence files and CLI arguments, so no separators or spaces. */
export const TARGET_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The `targets` section. Names are checked here, not as record keys, so a bad name is reported
 * with the rule (zod reports a record key it refuses only as "Invalid key in record").
 */
export const targetsSchema = z.record(z.string(), targetSchema).superRefine((targets, ctx) => {
  for (const name of Object.keys(targets)) {
    if (TARGET_NAME.test(name)) continue;
    ctx.addIssue({
      code: 'custom', path: [name],
      message: `expected a target name of letters, digits, '_', '-' and '.' (e.g. "redis-cache" or "lib-1.2.2"), found ${JSON.stringify(name)}: rename the target`,
    });
  }
});

export type ModuleTargetConfig = z.infer<typeof moduleTargetSchema>;
export type HttpTargetConfig = z.infer<typeof httpTargetSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
export type FlagControlConfig = z.infer<typeof flagControlSchema>;
export type KeyspaceConfig = z.infer<typeof keyspaceSchema>;
