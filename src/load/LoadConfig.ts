import { z } from 'zod';
import { parseArmState } from './ArmState.js';

const envSchema = z.record(z.string(), z.string()).default({});

/** How an arm is reached: a running service, a command isogate starts, or a module export that starts one. */
export const armSchema = z.union([
  z.object({ url: z.url() }).strict(),
  z.object({
    /** argv; `{port}`, `{redisUrl}` and `{namespace}` are replaced in it and in env values. */
    command: z.array(z.string().min(1)).min(1),
    env: envSchema,
    /** Path polled until it answers 2xx. */
    readyPath: z.string().startsWith('/').default('/health'),
    startTimeoutMs: z.number().int().positive().default(20_000),
  }).strict(),
  z.object({
    /** Module path relative to the config file; its export is called with `{ redisUrl, namespace, ...options }`
     * and returns `{ url, stop() }` (or `close()`). */
    module: z.string().min(1),
    export: z.string().min(1),
    options: z.record(z.string(), z.unknown()).default({}),
  }).strict(),
]);

const tenantSchema = z.object({
  id: z.string().min(1),
  /** Headers this tenant sends (its credentials). Default: `Authorization: Bearer tok-<id>`. */
  headers: z.record(z.string(), z.string()).optional(),
}).strict();

const requestSchema = z.object({
  method: z.enum(['GET', 'PUT', 'POST', 'DELETE', 'PATCH']),
  /** `{key}` and `{tenant}` are replaced. */
  path: z.string().startsWith('/'),
  /** `{value}` is replaced; omit for no body. */
  body: z.string().optional(),
  contentType: z.string().default('application/json'),
}).strict();

const latencyLimitSchema = z.object({
  maxIncrease: z.number().min(0),
  floorMs: z.number().min(0),
}).strict();

const armStateSchema = z.string().refine((text) => {
  try { parseArmState(text); return true; } catch { return false; }
}, { message: 'expected an arm like new:off, previous:off, new:allow=1, new:allow=acme+globex, new:cohort=10 or new:all' });

export const loadConfigSchema = z.object({
  /** The service both arms are built from: each is started with the build and flag exposure of `arms`. */
  service: armSchema.optional(),
  /** Explicit arms: used as given (a module or command arm still receives its `arms` state). */
  baseline: armSchema.optional(),
  candidate: armSchema.optional(),
  /** What each arm is (build and flag exposure); a gate stage passes its own with --candidate/--baseline. */
  arms: z.object({
    candidate: armStateSchema.default('new:all'),
    baseline: armStateSchema.default('previous:off'),
  }).strict().prefault({}),
  /**
   * Fresh baseline/candidate process pairs per run, each measured for `rounds`. With two or more
   * the intervals are random-effects intervals across pairs: a process's own start-up luck
   * (memory layout, JIT, caches) is then part of the uncertainty instead of a hidden bias.
   */
  pairs: z.number().int().positive().default(1),
  /** duet: both arms at once, requests interleaved; abba: arms one after the other, order alternating per round. */
  mode: z.enum(['duet', 'abba']).default('duet'),
  rounds: z.number().int().positive().default(3),
  roundSeconds: z.number().positive().default(10),
  warmupSeconds: z.number().min(0).default(2),
  probeSeconds: z.number().min(0).default(1.5),
  tenants: z.array(tenantSchema).min(1).default([{ id: 'acme' }, { id: 'globex' }, { id: 'initech' }, { id: 'umbrella' }]),
  mix: z.object({
    readRatio: z.number().min(0).max(1).default(0.8),
    keysPerTenant: z.number().int().positive().default(50),
    valueBytes: z.number().int().positive().default(64),
    read: requestSchema.default({ method: 'GET', path: '/kv/{key}', contentType: 'application/json' }),
    write: requestSchema.default({ method: 'PUT', path: '/kv/{key}', body: '{"value":"{value}"}', contentType: 'application/json' }),
  }).strict().prefault({}),
  pacing: z.object({
    connectionsPerArm: z.number().int().positive().default(2),
    /** Requests per second per arm; 'auto' = `utilisation` × the capacity a short closed-loop probe finds. */
    rps: z.union([z.literal('auto'), z.number().positive()]).default('auto'),
    utilisation: z.number().gt(0).max(1).default(0.3),
    maxRps: z.number().positive().default(2000),
    /**
     * Rate of the count-only rounds that make up an error limit's need (`isogate load
     * --error-increase`), as a share of the probed capacity: they keep no latency, so they need not
     * run as gently as the measured rounds.
     */
    countUtilisation: z.number().gt(0).max(1).default(0.8),
  }).strict().prefault({}),
  criteria: z.object({
    p50: latencyLimitSchema.default({ maxIncrease: 0.10, floorMs: 0.1 }),
    p95: latencyLimitSchema.default({ maxIncrease: 0.10, floorMs: 0.25 }),
    p99: latencyLimitSchema.optional(),
    /** Allowed error-rate increase, absolute (0.001 = 0.1 percentage point). */
    errorRateIncrease: z.number().min(0).default(0.001),
  }).strict().prefault({}),
  stats: z.object({
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    resamples: z.number().int().min(100).default(1000),
    blockMs: z.number().int().positive().default(250),
    minSamples: z.number().int().positive().default(1000),
    minTail: z.number().int().positive().default(20),
    /** Time blocks per arm needed before an interval is trusted (the bootstrap resamples blocks, not responses). */
    minBlocks: z.number().int().min(2).default(12),
  }).strict().prefault({}),
  selfCheck: z.object({
    /** The driver's CPU per wall second above which it is called saturated. */
    maxDriverCpu: z.number().positive().default(0.8),
    /** Achieved rate below this fraction of the asked rate makes the run inconclusive. */
    minAchievedFraction: z.number().gt(0).max(1).default(0.9),
    maxSocketErrorRate: z.number().min(0).default(0.001),
    /** Driver event-loop delay P99 above this inflates latencies it measures. */
    maxLoopDelayMs: z.number().positive().default(25),
  }).strict().prefault({}),
  redisLatency: z.object({
    enabled: z.boolean().default(true),
    samples: z.number().int().positive().default(3000),
    p95LimitMs: z.number().positive().default(5),
    minSamples: z.number().int().positive().default(500),
  }).strict().prefault({}),
  noisyNeighbour: z.object({
    enabled: z.boolean().default(true),
    /** Alternating 2 s quiet/flood slots; the default gives 5 flood slots of 300 responses, the 1,000+
     * per side a stage's noisy-neighbour criterion asks for. */
    seconds: z.number().positive().default(20),
    /** Connections of the flooding tenant. */
    floodConnections: z.number().int().positive().default(8),
    /** The flooding tenant's rate cap, all connections together (absent: as fast as it can, closed loop). */
    floodRps: z.number().positive().optional(),
    /** Paced requests per second of the measured tenant. */
    quietRps: z.number().positive().default(150),
    /** The measured tenant's connections (absent: sized from a 1 s probe of its latency, so that the
     * paced rate is reached even when a flood slows each answer several-fold). */
    quietConnections: z.number().int().positive().max(256).optional(),
    limit: latencyLimitSchema.default({ maxIncrease: 1.0, floorMs: 1 }),
  }).strict().prefault({}),
}).strict();

export type LoadConfig = z.output<typeof loadConfigSchema>;
export type LoadConfigInput = z.input<typeof loadConfigSchema>;
export type ArmSpec = z.output<typeof armSchema>;
export type TenantSpec = z.output<typeof tenantSchema>;
export type RequestSpec = z.output<typeof requestSchema>;
