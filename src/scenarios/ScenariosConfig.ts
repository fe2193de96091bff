import { z } from 'zod';

/**
 * The `scenarios` section of isogate.config.ts. `module` names the file that exports
 * the three scenario targets (createJobService, startTenantGateway, startRetrievalService),
 * relative to the config file; left out, the bundled reference service is the target.
 */
export const scenariosConfigSchema = z.object({
  module: z.string().min(1).optional(),
  keyspaceMigration: z.object({
    /** Random migration histories after the exhaustive sweep of the eight flag combinations. */
    runs: z.number().int().min(0).default(20),
    maxOperations: z.number().int().min(1).default(24),
    workspaces: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).min(2).default(['ws-a', 'ws-b', 'ws-c']),
  }).strict().default({ runs: 20, maxOperations: 24, workspaces: ['ws-a', 'ws-b', 'ws-c'] }),
  tenantHeader: z.object({
    concurrency: z.number().int().min(1).max(64).default(8),
  }).strict().default({ concurrency: 8 }),
  tenantRetrieval: z.object({
    queries: z.number().int().min(1).default(40),
    docsPerTenant: z.number().int().min(1).default(5),
    k: z.number().int().min(1).max(100).default(3),
    /** Requests of the timed loop over the HTTP path (avg, P95, error rate). */
    latencyRequests: z.number().int().min(1).default(100),
  }).strict().default({ queries: 40, docsPerTenant: 5, k: 3, latencyRequests: 100 }),
}).strict();

export type ScenariosConfig = z.output<typeof scenariosConfigSchema>;
export type ScenariosConfigInput = z.input<typeof scenariosConfigSchema>;
