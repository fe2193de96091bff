import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/load/index.js';
import { rehearsalShares } from '../../src/production/index.js';
import { MAX_REHEARSAL_SECONDS, MIN_REHEARSAL_SECONDS, P95_RATIO_REQUESTS_PER_COHORT, P95_REQUESTS_PER_COHORT, PROBED_LEAD_SECONDS, rehearsalSeconds, requestsFor, WINDOW_LEAD_SECONDS } from '../../src/production/rehearsalSeconds.js';
import type { ProductionThreshold } from '../../src/production/index.js';

const t = (metric: string, op: ProductionThreshold['op'], value: number): ProductionThreshold => ({ id: metric, metric, op, value });
// The demo config's rehearsal: 1500 req/s, at most 80 s, 600 requests per cohort at least.
const demo = (thresholds: ProductionThreshold[], percent: number): ReturnType<typeof rehearsalSeconds> =>
  rehearsalSeconds({ thresholds, confidence: 0.95, minRequests: 600, rps: 1500, maxSeconds: 80, shares: rehearsalShares(percent) });

describe('how long a rehearsal runs: what its stage\'s thresholds need', () => {
  it('keeps the whole configured 80 s for a 10% canary\'s P95 ratio (its cohorts get 150 req/s each)', () => {
    const canary = demo([t('isolationScore', '>=', 99.5), t('errorRateDelta', '<=', 0.01), t('p95Ratio', '<=', 1.1), t('cohortShareExcess', '<=', 0)], 10);
    expect(canary.seconds).toBe(80);
    expect(canary.reason).toMatch(/p95Ratio <= 1\.1 needs \d+ (canary|baseline) requests at 150 req\/s.*capped at the configured 80 s/);
  });

  it('gives a 50% stage what its P95 ratio and error budget need, a violation count alone the minimum, and 100% the canary alone', () => {
    const early = demo([t('errorRateDelta', '<=', 0.001), t('p95Ratio', '<=', 1.1)], 50);
    expect(early.seconds).toBe(Math.ceil(WINDOW_LEAD_SECONDS + P95_RATIO_REQUESTS_PER_COHORT / 750));
    // not timing: a duration computed from counts, which the configured 80 s only caps
    expect(early.seconds).toBeLessThan(80);
    expect(demo([t('isolationViolations', '==', 0), t('cohortShareExcess', '<=', 0)], 50)).toMatchObject({ seconds: MIN_REHEARSAL_SECONDS });
    expect(demo([t('errorRateCanary', '<=', 0.001), t('isolationViolations', '==', 0)], 100).reason).toMatch(/errorRateCanary <= 0\.001 needs \d+ canary requests at 1500 req\/s/);
  });

  it('counts the lead it is given before the window: shorter after a capacity probe', () => {
    const thresholds = [t('errorRateDelta', '<=', 0.001), t('p95Ratio', '<=', 1.1)];
    const probed = rehearsalSeconds({ thresholds, confidence: 0.95, minRequests: 600, rps: 1500, maxSeconds: 80, shares: rehearsalShares(50), leadSeconds: PROBED_LEAD_SECONDS });
    expect(probed.seconds).toBe(Math.ceil(PROBED_LEAD_SECONDS + P95_RATIO_REQUESTS_PER_COHORT / 750));
    expect(probed.seconds).toBe(demo(thresholds, 50).seconds - (WINDOW_LEAD_SECONDS - PROBED_LEAD_SECONDS));
    expect(probed.reason).toContain(`after ${PROBED_LEAD_SECONDS} s of lead`);
  });

  it('keeps the configured duration where it cannot say what a threshold needs: counter shares, legacy headers', () => {
    for (const x of [t('share:jobReadsNew', '>=', 0.5), t('legacyHeaderRequests', '==', 0)]) {
      const d = demo([t('isolationScore', '>=', 99.5), x], 50);
      expect(d.seconds, x.metric).toBe(80);
      expect(d.reason, x.metric).toContain(`no request count known for ${x.metric}`);
    }
  });

  it('goes past the configured duration for a need that follows from a limit\'s arithmetic, up to ten minutes', () => {
    // A 0.01-point error budget at 25%: its canary requests at 375 req/s take about two minutes; below that no outcome could pass.
    const need = requestsFor(t('errorRateDelta', '<=', 0.0001), 0.95, 600)?.canary ?? 0;
    for (const extra of [[], [t('redisP95Ms', '<', 5)]]) {
      const budget = demo([t('errorRateDelta', '<=', 0.0001), ...extra], 25);
      expect(budget.seconds).toBe(Math.ceil(WINDOW_LEAD_SECONDS + need / 375));
      expect(budget.reason).toContain(`errorRateDelta <= 0.0001 needs ${need} canary requests at 375 req/s`);
    }
    expect(demo([t('errorRateDelta', '<=', 0.000001)], 25)).toMatchObject({ seconds: MAX_REHEARSAL_SECONDS });
  });

  it('asks as many requests as a correct service (no error, no violation) needs to pass each bound, with a margin', () => {
    for (const d of [0.01, 0.001, 0.0001]) {
      const n = requestsFor(t('errorRateDelta', '<=', d), 0.95, 1)?.canary ?? 0;
      // not timing: the Wilson upper bound of no error in n requests, which must clear the threshold
      expect(wilsonInterval(0, n, 0.95).hi, String(d)).toBeLessThan(d);
      // not timing: a count; the margin stays within 25% of the bare need
      expect(wilsonInterval(0, Math.floor(n / 1.25), 0.95).hi, String(d)).toBeGreaterThan(d);
    }
    const iso = requestsFor(t('isolationScore', '>=', 99.5), 0.95, 1)?.canary ?? 0;
    expect(3 / iso).toBeLessThanOrEqual(0.005);
    expect(requestsFor(t('p95Ratio', '<=', 1.1), 0.95, 600)).toEqual({ canary: P95_RATIO_REQUESTS_PER_COHORT, baseline: P95_RATIO_REQUESTS_PER_COHORT });
    // A fixed limit in ms has no ratio's margin to spend: the absolute P95 keeps more.
    expect(P95_REQUESTS_PER_COHORT).toBeGreaterThan(P95_RATIO_REQUESTS_PER_COHORT);
    expect(requestsFor(t('cohortShareExcess', '<=', 0), 0.95, 600)).toEqual({ canary: 600, baseline: 600 });
    expect(requestsFor(t('redisP95Ms', '<', 5), 0.95, 600)).toEqual({ canary: P95_REQUESTS_PER_COHORT, baseline: 600 });
  });

  it('gives an absolute P95 (Redis round trips, the canary\'s ms) the requests of a P95 cohort in the canary, whose quantile it is', () => {
    for (const x of [t('redisP95Ms', '<', 5), t('p95MsCanary', '<', 3000)]) {
      // At 100 % the canary takes the whole 1500 req/s; at 50 % it takes 750.
      expect(demo([x], 100).seconds, x.metric).toBe(Math.ceil(WINDOW_LEAD_SECONDS + P95_REQUESTS_PER_COHORT / 1500));
      expect(demo([x, t('isolationScore', '>=', 99.5)], 50).reason, x.metric).toMatch(new RegExp(`${x.metric} < \\d+ needs ${P95_REQUESTS_PER_COHORT} canary requests at 750 req/s`));
      // At 10 % it would take 272 s: the configured 80 s caps a need measured on the reference service.
      expect(demo([x], 10).seconds, x.metric).toBe(80);
    }
  });
});
