import type { Evidence } from '../../src/evidence/index.js';

/** Hand-written evidence records, shaped like the checks' own (docs/architecture.md, "Evidence"). */
export function record(check: string, metrics: Record<string, number>, overrides: Partial<Evidence> = {}): Evidence {
  return {
    check, target: 'reference', status: 'pass', metrics, details: {}, seed: null,
    startedAt: '2026-11-25T00:00:00.000Z', durationMs: 1000, artifacts: [], ...overrides,
  };
}

/** Everything the tenant-scoped-state pilot stage reads, all comfortably inside its thresholds. */
export function pilotPassing(): Evidence[] {
  return [
    record('leakage', { isolationScore: 100, leaks: 0, crossTenantObservations: 4200, leakRateUpperBound95: 0.0007, contractViolations: 0,
      modelViolations: 0, keyspaceViolations: 0, runs: 100, operations: 5200 }, { seed: 424242 }),
    record('redis-latency', { p50Ms: 0.4, p95Ms: 1.2, 'p95Ms.lo': 1.1, 'p95Ms.hi': 1.4, p99Ms: 2.5, samples: 5000, errors: 0 }),
    record('load', { p50Ratio: 1.01, 'p50Ratio.lo': 0.98, 'p50Ratio.hi': 1.04, p95Ratio: 1.03, 'p95Ratio.lo': 0.99, 'p95Ratio.hi': 1.07,
      p99Ratio: 1.05, 'p99Ratio.lo': 0.97, 'p99Ratio.hi': 1.15, errorRateDelta: 0, 'errorRateDelta.lo': -0.0004, 'errorRateDelta.hi': 0.0004,
      samplesBaseline: 12000, samplesCandidate: 12000, p50MsBaseline: 4.1, p95MsBaseline: 6.2, selfCheckProblems: 0 }, { seed: 7 }),
    record('production', { redisP95Ms: 1.3, 'redisP95Ms.lo': 1.15, 'redisP95Ms.hi': 1.5, redisSamples: 40000, requestsCanary: 9000, requestsControl: 90000, rehearsal: 0 }),
    // Rolled back from the pilot's own exposure (the allow-listed tenant) with a runbook that clears overrides.
    record('drill:rollback', { durationMs: 140, unhandledErrors: 0, lostWrites: 0, crossedWrites: 0, requests: 900, tenantsOnNewPath: 0 },
      { target: 'reference-service', details: { arm: { state: 'new:allow=1' }, failures: [], inconclusive: [] } }),
  ];
}

/** The same, with a cross-tenant leak found and shrunk by the leakage engine. */
export function pilotLeaking(): Evidence[] {
  const [leak, ...rest] = pilotPassing();
  return [
    {
      ...(leak as Evidence), status: 'fail',
      metrics: { ...(leak as Evidence).metrics, leaks: 3, isolationScore: 99.93 },
      details: {
        counterexample: 'tenant acme put k="cnry-acme-1"=v"cnry-acme-2"; tenant globex list → saw acme\'s token cnry-acme-1 in a key',
        replay: 'npx isogate replay reports/x/evidence/leakage--reference.json',
      },
    },
    ...rest,
  ];
}
