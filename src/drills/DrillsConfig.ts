import { z } from 'zod';
import { ROLLBACK_PROCEDURES } from './RollbackProcedure.js';

const ms = z.number().int().positive();

/**
 * The service the drills spawn and flip flags on. Default: the bundled reference service. A user's
 * module exports `spawn({ redisUrl, namespace, faults, env }) => Promise<{ url, pid, stop(), kill() }>`
 * and `setFlag({ redisUrl, namespace, flag, value, tenant? })`, and its HTTP API answers
 * `/health`, `/flags` and `/kv/:key` the way the reference service does.
 */
const serviceSchema = z.object({
  /** Path relative to the config file; omitted: fixtures/reference-service/index.ts. */
  module: z.string().min(1).optional(),
  spawn: z.string().min(1).default('spawnReferenceService'),
  setFlag: z.string().min(1).default('setFlag'),
  /** The name evidence records carry as `target`. */
  name: z.string().min(1).default('reference-service'),
  tenants: z.array(z.string().regex(/^[a-z0-9]+$/)).min(2).default(['acme', 'globex', 'initech', 'umbrella']),
  /** Bearer token of a tenant; `{tenant}` is replaced. */
  token: z.string().includes('{tenant}').default('tok-{tenant}'),
  /** Seeded faults to switch on in the service (isogate's own tests use these). */
  faults: z.array(z.string().min(1)).default([]),
  readyTimeoutMs: ms.default(20_000),
}).strict();

const flagPropagationSchema = z.object({
  instances: z.number().int().min(1).max(32).default(3),
  flips: z.number().int().min(1).default(5),
  /** The rollout document's bound: "flag changes reaching every worker in under 30 seconds". */
  thresholdMs: ms.default(30_000),
  /** How long to wait before calling an instance's message lost; default: thresholdMs. */
  timeoutMs: ms.optional(),
}).strict();

const rollbackSchema = z.object({
  instances: z.number().int().min(1).max(32).default(2),
  /** "Rollback Procedure (Execution Time: < 5 minutes)". */
  thresholdMs: ms.default(300_000),
  /** Traffic before the flag is disabled, and again after it is re-enabled. */
  trafficMs: ms.default(1_000),
  /**
   * Requests to make before the rollback, at least: a loaded machine makes fewer in trafficMs, and
   * a stage requires a minimum (50 in the presets). The traffic goes on until it has them, for at
   * most a minute more (a hang guard).
   */
  minRequests: z.number().int().min(0).default(50),
  concurrency: z.number().int().min(1).max(64).default(4),
  /**
   * The runbook the drill executes (RollbackProcedure.ts): 'global-off' (SET the flag false and
   * broadcast, as rollout documents write it) or 'global-and-overrides-off' (also every per-tenant
   * override). Declare the second only when the team's runbook really clears overrides.
   */
  procedure: z.enum(ROLLBACK_PROCEDURES).default('global-off'),
}).strict();

const fallbackSchema = z.object({
  instances: z.number().int().min(1).max(32).default(2),
  /** Traffic before Redis is killed. */
  trafficMs: ms.default(800),
  /** How long Redis stays down while traffic continues. */
  outageMs: ms.default(1_500),
  /** How long the service has to notice Redis gone after the kill, and to be back on Redis after it returns. */
  recoveryTimeoutMs: ms.default(20_000),
  concurrency: z.number().int().min(1).max(64).default(4),
}).strict();

const failoverSchema = z.object({
  instances: z.number().int().min(1).max(32).default(2),
  replicas: z.number().int().min(1).max(5).default(2),
  sentinels: z.number().int().min(1).max(7).default(3),
  /** "Verify automatic failover < 30 seconds". */
  thresholdMs: ms.default(30_000),
  /** Sentinel tuning: production defaults (30 s, 180 s) would make the drill take minutes. */
  downAfterMs: ms.default(1_000),
  failoverTimeoutMs: ms.default(3_000),
  /** Traffic before the primary is killed, and after the service is back. */
  trafficMs: ms.default(800),
  /**
   * Acknowledged writes to gather before the kill, at least: a loaded machine writes fewer in
   * trafficMs, and a stage requires a minimum (50 in the presets). The traffic goes on until it
   * has them, for at most a minute more (a hang guard).
   */
  minWrites: z.number().int().min(0).default(50),
  concurrency: z.number().int().min(1).max(64).default(4),
}).strict();

const cohortSchema = z.object({
  /** A module exporting the cohort function; omitted: the reference service's (cohort.ts). */
  module: z.string().min(1).optional(),
  export: z.string().min(1).default('inCohort'),
  numRuns: z.number().int().min(1).default(200),
  statisticalRuns: z.number().int().min(1).default(2),
  samples: z.number().int().min(100).default(20_000),
  percentages: z.array(z.number().min(0).max(100)).min(1).default([0.1, 5, 10, 25, 50, 100]),
}).strict();

/** The `drills` section of isogate.config.ts. Owned by src/drills; config/ only composes it. */
export const drillsConfigSchema = z.object({
  service: serviceSchema.prefault({}),
  /** The flag the drills flip: the rollout's kill switch. */
  flag: z.string().min(1).default('TENANT_SCOPED_STATE'),
  /** Fixed seed for traffic and properties; default: random, written to the evidence. */
  seed: z.number().int().optional(),
  flagPropagation: flagPropagationSchema.prefault({}),
  rollback: rollbackSchema.prefault({}),
  fallback: fallbackSchema.prefault({}),
  failover: failoverSchema.prefault({}),
  cohort: cohortSchema.prefault({}),
}).strict();

export type DrillsConfig = z.output<typeof drillsConfigSchema>;
export type DrillsConfigInput = z.input<typeof drillsConfigSchema>;
