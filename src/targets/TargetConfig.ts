import { z } from 'zod';

const regex = z.union([z.instanceof(RegExp), z.string().min(1).transform((s, ctx) => {
  try {
    return new RegExp(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a valid regular expression, found ${JSON.stringify(s)}` });
    return z.NEVER;
  }
})]);

/** A module target: a factory around the user's own state-access wrapper. */
export const moduleTargetSchema = z.object({
  kind: z.literal('module'),
  module: z.string().min(1),
  export: z.string().min(1).default('createStore'),
  /** What tenant ids the target accepts; the engine draws from all of it. Default: any non-empty string. */
  tenantId: regex.optional(),
  /** What keys the target accepts. Default: any non-empty string. */
  key: regex.optional(),
  /** The store promises exact key/value semantics: lost writes and stale reads are findings. */
  exact: z.boolean().default(false),
  /** Where a tenant's Redis keys must lie; `{ns}` and `{tenant}` are filled in. */
  keyspace: z.string().includes('{tenant}').optional(),
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
}).refine((t) => t.baseUrl !== undefined || t.start !== undefined, {
  message: 'an http target needs a baseUrl or a start module',
});

export const targetSchema = z.discriminatedUnion('kind', [moduleTargetSchema, httpTargetSchema]);

export type ModuleTargetConfig = z.infer<typeof moduleTargetSchema>;
export type HttpTargetConfig = z.infer<typeof httpTargetSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
