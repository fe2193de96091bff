import { z } from 'zod';
import { armSchema } from '../load/index.js';
import { sharesSchema } from './CounterShare.js';
import { promDurationSchema } from './PromDuration.js';
import { matchersSchema, metricNameSchema } from './PromMatchers.js';

export { splitMatchers } from './PromMatchers.js';

const metricName = metricNameSchema;

/** A Prometheus of the user's: the standard HTTP API at `url` (Prometheus, Thanos, Mimir, VictoriaMetrics). */
const remoteSchema = z.object({
  url: z.url(),
  /** The Authorization header value; redacted in every log, report and evidence record. */
  authorization: z.string().min(1).optional(),
  /** Other headers (a Mimir tenant: `X-Scope-OrgID`); their values are redacted too. */
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(30_000),
}).strict();

/** `prometheus: 'local'`: a rehearsal on this machine, never production evidence. */
const rehearsalSchema = z.object({
  control: armSchema.optional(),
  canary: armSchema.optional(),
  /** How to start the baseline fleet: a fresh deployment of the control's build (default: the control's spec). */
  baseline: armSchema.optional(),
  /** Service processes of the control fleet (the rest of the traffic). */
  instances: z.number().int().min(1).max(8).default(2),
  /** Service processes of the canary fleet; the baseline fleet has as many. */
  canaryInstances: z.number().int().min(1).max(8).default(2),
  /** Seconds of generated traffic (the rehearsal's window). */
  seconds: z.number().positive().default(20),
  /** Requests per second over all the fleets, at most (see capacityShare). */
  rps: z.number().positive().default(150),
  /**
   * Share of the rate the fleets answer in a short closed-loop probe that the rehearsal may ask
   * for: a machine that cannot carry `rps` gets a lower rate it can keep, and more seconds of it,
   * rather than a saturated rehearsal whose latencies are the machine's. The probe meets fleets
   * just started, so what it sees is a lower bound of what they carry warm (the reference
   * service's four processes: 1,240–2,098 req/s in the first six one-second slices over two quiet
   * walks, 2,342–2,464 by the seventh or eighth), and asking for all of that bound never asks for
   * more than they were seen to answer. A rate above 90 % of it is then held, paced, for 2 s,
   * lowered while a queue grows and raised toward `rps` while kept (holdRate.ts): a best slice
   * the fleets do not keep, or fleets that warmed past it, are caught there.
   * A service without a warm-up (compiled ahead) may still want room below it, such as 0.8.
   * `null` skips the probe and the holds and asks for `rps` whatever the machine.
   */
  capacityShare: z.number().gt(0).max(1).nullable().default(1),
  /** Share of requests (per cent) sent to the canary when the stage names none (as much again goes to the baseline). */
  canaryPercent: z.number().min(0).max(100).default(50),
  /** Share of requests that read an item id of another tenant (a correct service answers 404). */
  crossTenantShare: z.number().min(0).max(1).default(0.05),
  /**
   * Share of requests from clients still sending a legacy tenant header (X-Stella-Tenant,
   * X-Tenant-Id, the token's own tenant) while the compatibility mode allows them: in a stage
   * that asks for none (strict mode) the migrated clients send none.
   */
  legacyHeaderShare: z.number().min(0).max(1).default(0),
  /** Share of requests still sending a legacy header in a stage that asks for none: a client never migrated (0 = all were). */
  strictLegacyHeaderShare: z.number().min(0).max(1).default(0),
  /** Share of requests to the reference service's /ai/jobs and /rag routes, when a judged share needs them. */
  scenarioShare: z.number().min(0).max(1).default(0.3),
  seed: z.number().int().optional(),
}).strict();

const limitsSchema = z.object({
  /** Newest sample older than this (seconds) = the scrape is stale: INCONCLUSIVE. */
  maxScrapeAgeSeconds: z.number().positive().default(120),
  /** Share of the window's steps that must hold a sample, per cohort. */
  minCoverage: z.number().gt(0).max(1).default(0.9),
  /** Requests per cohort before anything can pass. */
  minRequests: z.number().int().positive().default(1000),
  /** Steps of the coverage query over the window. */
  coverageSteps: z.number().int().min(2).max(11_000).default(120),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  /** Allowed deviation of the canary's share of requests, relative to the stage's percentage,
   * on top of the binomial tolerance: users differ in how much traffic they send. */
  cohortShareSlack: z.number().min(0).default(0.2),
}).strict();

/** The check's own thresholds when run alone (`--stage` replaces them with the plan's). */
const criteriaSchema = z.object({
  p95MaxIncrease: z.number().min(0).default(0.10),
  errorRateIncrease: z.number().min(0).default(0.01),
  minIsolationScore: z.number().min(0).max(100).default(99.5),
  redisP95Ms: z.number().positive().default(5),
}).strict();

/**
 * The `production` section: where the metrics live, how the cohorts are told apart, which series
 * to read, over which window. Defaults match the reference service's metrics.
 */
export const productionConfigSchema = z.object({
  prometheus: z.union([z.literal('local'), remoteSchema]).default('local'),
  cohorts: z.object({
    control: matchersSchema.default('cohort="control"'),
    canary: matchersSchema.default('cohort="canary"'),
    /**
     * The cohort the canary is judged against: ideally a fresh deployment of the control's build,
     * as many instances as the canary and the same share of traffic (Kayenta's baseline), so that
     * per-process load, warm-up and age do not differ. Default: the control cohort itself.
     */
    baseline: matchersSchema.optional(),
  }).strict().prefault({}),
  metrics: z.object({
    /** Counter of requests. */
    requests: metricName.default('refsvc_tenant_requests_total'),
    /** Counter of failed requests (5xx). */
    errors: metricName.default('refsvc_tenant_request_errors_total'),
    /** Histogram of request latency in seconds (its `_bucket` series are read). */
    latency: metricName.default('refsvc_tenant_request_duration_seconds'),
    /** Counter of responses that crossed a tenant boundary; null when the service has none. */
    isolationViolations: metricName.nullable().default('refsvc_isolation_violations_total'),
    /** Histogram of Redis round trips in seconds (canary cohort); null when there is none. */
    redisLatency: metricName.nullable().default('refsvc_redis_command_duration_seconds'),
    /** Counter of requests that carried a legacy tenant header (canary cohort); null when there is none. */
    legacyTenantHeaders: metricName.nullable().default('refsvc_legacy_tenant_header_requests_total'),
  }).strict().prefault({}),
  /** Counter shares, named (`share:<name>` in a plan's criteria): see CounterShare.ts. Defaults: the reference service's. */
  shares: sharesSchema,
  /** The bake time judged, ending now. Ignored by a local rehearsal (its window is its traffic). */
  window: promDurationSchema.default('48h'),
  limits: limitsSchema.prefault({}),
  criteria: criteriaSchema.prefault({}),
  rehearsal: rehearsalSchema.prefault({}),
}).strict();

export type ProductionConfig = z.output<typeof productionConfigSchema>;

/** The matchers of the cohort the canary is compared with: `cohorts.baseline`, else the control's. */
export function baselineMatchers(cohorts: ProductionConfig['cohorts']): string {
  return cohorts.baseline ?? cohorts.control;
}
export type ProductionConfigInput = z.input<typeof productionConfigSchema>;
export type RemotePrometheus = z.output<typeof remoteSchema>;
export type RehearsalConfig = z.output<typeof rehearsalSchema>;
