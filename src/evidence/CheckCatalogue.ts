/**
 * The names checks write and the gate reads. A check's evidence uses `check` from here and
 * metric names from its list, so a misspelt metric is a compile error, not a silent
 * "missing evidence". A metric measured with uncertainty is written three times: `name`
 * (the point estimate), `name.lo` and `name.hi` (its 95% interval); the gate passes a criterion
 * only when the whole interval satisfies it. `name.upperBound` = 1 says the record knows `name` only
 * as an upper bound of the target's own value (something besides the target inflated it): a
 * "below" criterion then passes on it but cannot fail on it.
 */
export const CHECKS = {
  /** src/leakage: one record per target. */
  leakage: ['isolationScore', 'leaks', 'crossTenantObservations', 'leakRateUpperBound95', 'contractViolations',
    'modelViolations', 'keyspaceViolations', 'runs', 'operations', 'unknownOutcomes', 'counterexampleLength',
    'runsToFailure', 'opsPerSecond'],
  /** src/audit */
  audit: ['violations', 'suppressed', 'filesScanned', 'unverifiable'],
  /** src/load: latency ratios candidate/baseline with intervals, error-rate deltas with intervals. */
  load: ['p50Ratio', 'p95Ratio', 'p99Ratio', 'errorRateDelta', 'errorRateCandidate', 'samplesBaseline',
    'samplesCandidate', 'avgMsCandidate', 'p95MsCandidate', 'achievedRps', 'minDetectableEffectP95',
    'p50MsBaseline', 'p95MsBaseline', 'p99MsBaseline', 'p50MsCandidate', 'p99MsCandidate', 'avgMsBaseline', 'errorRateBaseline',
    'p50Limit', 'p95Limit', 'minDetectableEffectP50', 'askedRps', 'driverCpu', 'rounds', 'selfCheckProblems', 'pairs', 'newPathRequests'],
  /** src/load: the Redis latency probe. */
  'redis-latency': ['p50Ms', 'p95Ms', 'p99Ms', 'samples', 'errors', 'serverP50Ms', 'serverP99Ms', 'p95LimitMs'],
  /** src/load: one tenant floods, another's latency is measured. */
  'noisy-neighbour': ['quietP95Ms', 'noisyP95Ms', 'p95Ratio', 'samples', 'quietP50Ms', 'noisyP50Ms', 'floodRps', 'p95Limit', 'selfCheckProblems'],
  /** src/drills */
  'drill:flag-propagation': ['p50Ms', 'maxMs', 'instances', 'flips', 'lostMessages'],
  'drill:rollback': ['durationMs', 'unhandledErrors', 'lostWrites', 'crossedWrites', 'requests', 'tenantsOnNewPath'],
  'drill:fallback': ['unhandledErrors', 'errorCount', 'recoveryMs', 'requests', 'lostWrites', 'crossedWrites', 'servedDuringOutage'],
  'drill:failover': ['failoverMs', 'acknowledgedWrites', 'lostAcknowledged', 'mixedReads', 'sentinelFailoverMs', 'unhandledErrors', 'requests', 'lostToReplication'],
  'drill:cohort': ['properties', 'failures'],
  /** src/scenarios */
  'keyspace-migration': ['leaks', 'lostJobs', 'metricMismatches', 'keysCommands', 'backfillMismatches', 'runs',
    'modelViolations', 'operations', 'flagCombinations'],
  'tenant-header': ['wrongTenant', 'cases', 'telemetryMismatches', 'policyMismatches', 'denied'],
  'tenant-retrieval': ['leaks', 'queries', 'fallbackUndetected', 'avgMs', 'p95Ms', 'errorRate',
    'filterViolations', 'routingMismatches', 'telemetryMismatches', 'fallbacks', 'latencySamples'],
  /** src/production: canary against baseline from Prometheus (or a local rehearsal: rehearsal = 1). */
  production: ['errorRateDelta', 'errorRateCanary', 'errorRateBaseline', 'errorsCanary', 'errorsBaseline', 'p95Ratio',
    'p95MsCanary', 'p95MsBaseline', 'minDetectableEffectP95', 'p95BucketFactor', 'isolationScore', 'isolationViolations',
    'isolationRateUpperBound95', 'cohortShare', 'cohortShareExpected', 'cohortShareTolerance', 'cohortShareExcess',
    'redisP95Ms', 'redisSamples', 'requestsCanary', 'requestsBaseline', 'requestsControl', 'coverageCanary', 'coverageBaseline',
    'scrapeAgeSeconds', 'windowSeconds', 'rehearsal', 'rehearsalSentShare', 'legacyHeaderRequests', 'legacyHeaderRate'],
} as const;

export type CheckId = keyof typeof CHECKS;

/**
 * Metrics a check names after its config: production counter shares (`production.shares`) write
 * `share:<name>` (with `.lo`/`.hi`), `share:<name>:events` (the denominator's increase) and
 * `share:<name>:matched` (the numerator's).
 */
export const NAMED_METRICS: { readonly [C in CheckId]?: RegExp } = { production: /^share:[A-Za-z][A-Za-z0-9_-]*(:events|:matched)?$/ };
type Named<C extends CheckId> = C extends 'production' ? `share:${string}` : never;
export type MetricOf<C extends CheckId> = (typeof CHECKS)[C][number] | Named<C>;

/** Whether `check` writes a metric called `metric` (from its list, or named after its config). */
export function isMetricOf(check: string, metric: string): boolean {
  return isCheckId(check) && ((CHECKS[check] as readonly string[]).includes(metric) || NAMED_METRICS[check]?.test(metric) === true);
}

export function isCheckId(value: string): value is CheckId {
  return Object.hasOwn(CHECKS, value);
}
