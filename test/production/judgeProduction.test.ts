import { describe, expect, it } from 'vitest';
import { defaultThresholds, judgeProduction, productionConfigSchema, type ProductionReading } from '../../src/production/index.js';
import type { Bucket } from '../../src/production/bucketQuantile.js';
import type { CohortReading } from '../../src/production/readCohorts.js';

const config = productionConfigSchema.parse({ prometheus: { url: 'http://prom.invalid:9090' } });
const END = 1_800_000_000;

/**
 * A histogram of n requests on the reference service's ×1.04 buckets: request k of n takes
 * `scale` × (0.5 + 2 (k/n)²) seconds, a smooth skewed distribution (P95 ≈ 2.3 × scale).
 */
function histogram(n: number, scale: number): Bucket[] {
  const edges = Array.from({ length: 250 }, (_, i) => 0.0002 * 1.04 ** i);
  // Requests k with scale × (0.5 + 2 (k/n)²) ≤ le, counted in closed form.
  const below = (le: number): number => (le / scale < 0.5 ? 0 : Math.min(n, Math.floor(n * Math.sqrt((le / scale - 0.5) / 2)) + 1));
  const buckets = edges.map((le) => ({ le, count: below(le) }));
  return [...buckets, { le: Number.POSITIVE_INFINITY, count: n }];
}

function cohort(n: number, over: Partial<CohortReading> = {}): CohortReading {
  return {
    requests: n, errors: 0, violations: 0, newest: END - 1, coverage: 1, p95Series: [],
    latency: histogram(n, 0.001), ...over,
  };
}

/** A reading of baseline and canary; `controlRequests` makes the control a cohort of its own. */
function reading(baseline: CohortReading, canary: CohortReading, controlRequests?: number): ProductionReading {
  const control = controlRequests === undefined ? { distinct: false } : { distinct: true, requests: controlRequests };
  return { end: END, windowSeconds: 172_800, baseline, canary, control, records: [] };
}

const thresholds = defaultThresholds({ ...config, metrics: { ...config.metrics, redisLatency: null } }, undefined);

describe('judgeProduction: canary against baseline', () => {
  it('passes an A/A pair with enough requests, every interval inside its threshold', () => {
    const j = judgeProduction(reading(cohort(20_000), cohort(20_000)), config, { thresholds });
    expect(j.insufficient).toEqual([]);
    expect(j.thresholds.map((t) => [t.metric, t.status])).toEqual([['p95Ratio', 'pass'], ['errorRateDelta', 'pass'], ['isolationScore', 'pass']]);
    expect(j.status).toBe('pass');
    expect(j.metrics['p95Ratio.lo']).toBeLessThanOrEqual(1);
    expect(j.metrics['p95Ratio.hi']).toBeGreaterThanOrEqual(1);
    expect(j.mde).toMatch(/cannot be told from none/);
  });

  it('fails a canary whose P95 is 50% slower (the slow-path fault)', () => {
    const slow = cohort(20_000, { latency: histogram(20_000, 0.0015) });
    const j = judgeProduction(reading(cohort(20_000), slow), config, { thresholds });
    expect(j.thresholds.find((t) => t.metric === 'p95Ratio')?.status).toBe('fail');
    expect(j.metrics['p95Ratio.lo']).toBeGreaterThan(1.1);
    expect(j.status).toBe('fail');
  });

  it('judges per request: a baseline serving nine times the canary\'s requests at the same rates passes', () => {
    const j = judgeProduction(reading(cohort(90_000, { errors: 90 }), cohort(10_000, { errors: 10 })), config, { thresholds });
    expect(j.insufficient).toEqual([]);
    expect(j.metrics.errorRateDelta).toBeCloseTo(0, 12);
    expect(j.metrics.p95Ratio).toBeCloseTo(1, 2);
    expect(j.status).toBe('pass');
  });

  it('fails a canary that errs on 5% of requests against a baseline at 0%', () => {
    const j = judgeProduction(reading(cohort(20_000), cohort(20_000, { errors: 1000 })), config, { thresholds });
    expect(j.thresholds.find((t) => t.metric === 'errorRateDelta')?.status).toBe('fail');
    // not timing: an error-rate interval computed from synthetic counts
    expect(j.metrics['errorRateDelta.lo']).toBeGreaterThan(0.01);
  });

  it('fails a canary whose isolation counter shows cross-tenant responses', () => {
    const j = judgeProduction(reading(cohort(20_000), cohort(20_000, { violations: 400 })), config, { thresholds });
    expect(j.thresholds.find((t) => t.metric === 'isolationScore')?.status).toBe('fail');
    expect(j.metrics.isolationViolations).toBe(400);
  });

  it('bounds the violation rate by the rule of three when none was seen', () => {
    const j = judgeProduction(reading(cohort(3000), cohort(3000)), config, { thresholds });
    expect(j.metrics.isolationRateUpperBound95).toBeCloseTo(3 / 3000, 10);
    expect(j.metrics['isolationScore.lo']).toBeCloseTo(99.9, 6);
  });

  it('states the cohort share against the stage percentage with a binomial tolerance', () => {
    const even = judgeProduction(reading(cohort(9000), cohort(1000)), config, { thresholds, canaryPercent: 10 });
    expect(even.metrics.cohortShareExcess).toBe(0);
    const skewed = judgeProduction(reading(cohort(7000), cohort(3000)), config, { thresholds: defaultThresholds(config, 10), canaryPercent: 10 });
    expect(skewed.metrics.cohortShareExcess).toBeGreaterThan(0);
    expect(skewed.thresholds.find((t) => t.metric === 'cohortShareExcess')?.status).toBe('fail');
  });

  it('counts a distinct control in the share: canary 10%, baseline 10%, control 80%', () => {
    const j = judgeProduction(reading(cohort(1000), cohort(1000), 8000), config, { thresholds: defaultThresholds(config, 10), canaryPercent: 10 });
    expect(j.metrics.cohortShare).toBeCloseTo(0.1, 12);
    expect(j.metrics.requestsControl).toBe(8000);
    expect(j.thresholds.find((t) => t.metric === 'cohortShareExcess')?.status).toBe('pass');
    // Without the control, the same canary would look like half of all traffic.
    const alone = judgeProduction(reading(cohort(1000), cohort(1000)), config, { thresholds: defaultThresholds(config, 10), canaryPercent: 10 });
    expect(alone.thresholds.find((t) => t.metric === 'cohortShareExcess')?.status).toBe('fail');
  });

  it('is INCONCLUSIVE on the share when a distinct control has no series', () => {
    const r: ProductionReading = { ...reading(cohort(1000), cohort(1000)), control: { distinct: true } };
    const j = judgeProduction(r, config, { thresholds: defaultThresholds(config, 10), canaryPercent: 10 });
    expect(j.status).toBe('inconclusive');
    expect(j.insufficient.join('; ')).toMatch(/no refsvc_tenant_requests_total series for control \{cohort="control"\}/);
  });

  it('judges a 100% stage on the canary alone: no baseline cohort is needed', () => {
    const absent: CohortReading = { p95Series: [] };
    const j = judgeProduction(reading(absent, cohort(5000, { errors: 2 })), config, {
      canaryPercent: 100, thresholds: [{ id: 'e', metric: 'errorRateCanary', op: '<', value: 0.01 }, { id: 'v', metric: 'isolationViolations', op: '==', value: 0 }],
    });
    expect(j.insufficient).toEqual([]);
    expect(j.status).toBe('pass');
    expect(j.metrics.p95Ratio).toBeUndefined();
  });
});

describe('judgeProduction: legacy tenant header usage', () => {
  const zero = [{ id: 'legacy', metric: 'legacyHeaderRequests', op: '==' as const, value: 0 }];
  it('passes at zero with the rule-of-three bound on the rate, and fails on one request', () => {
    const clean = judgeProduction({ ...reading({ p95Series: [] }, cohort(5000)), legacyHeaders: 0 }, config, { canaryPercent: 100, thresholds: zero });
    expect(clean.status).toBe('pass');
    expect(clean.metrics['legacyHeaderRate.hi']).toBeCloseTo(3 / 5000, 12);
    const used = judgeProduction({ ...reading(cohort(5000), cohort(5000)), legacyHeaders: 1 }, config, { thresholds: zero });
    expect(used.thresholds[0]?.status).toBe('fail');
    expect(used.metrics.legacyHeaderRequests).toBe(1);
  });

  it('is undecided, never a pass, when the service exports no such counter', () => {
    const j = judgeProduction(reading(cohort(5000), cohort(5000)), config, { thresholds: zero });
    expect(j.thresholds[0]?.status).toBe('inconclusive');
    expect(j.thresholds[0]?.reason).toMatch(/legacyHeaderRequests was not measured/);
  });
});

describe('judgeProduction: data that cannot carry a judgement is INCONCLUSIVE, never GO', () => {
  const cases: Array<[string, ProductionReading, RegExp]> = [
    ['Prometheus down', { ...reading(cohort(20_000), cohort(20_000)), unreachable: 'unreachable: fetch failed: connect ECONNREFUSED' }, /Prometheus gave no answer.*ECONNREFUSED/],
    ['no series for the canary', reading(cohort(20_000), { p95Series: [] }), /no refsvc_tenant_requests_total series for canary \{cohort="canary"\}/],
    ['no latency histogram', reading(cohort(20_000), cohort(20_000, { latency: undefined })), /latency histogram is missing/],
    ['a stale scrape', reading(cohort(20_000), cohort(20_000, { newest: END - 600 })), /600 s old \(limit 120 s\): the scrape is stale/],
    ['a window only half covered', reading(cohort(20_000), cohort(20_000, { coverage: 0.5 })), /covers 50\.0% of the 172800 s window/],
    ['too few requests', reading(cohort(20_000), cohort(200)), /canary served 200 requests in the window \(needs 1000\)/],
  ];
  for (const [name, r, reason] of cases) {
    it(name, () => {
      const j = judgeProduction(r, config, { thresholds });
      expect(j.status).toBe('inconclusive');
      expect(j.insufficient.join('; ')).toMatch(reason);
      // No judged metric at all: the gate cannot pass (or fail) a criterion on this data.
      for (const name of ['p95Ratio', 'errorRateDelta', 'isolationScore']) expect(j.metrics[name]).toBeUndefined();
    });
  }
});
