import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newcombeDifference } from '../../src/load/BinomialInterval.js';
import type { QuantileRatio } from '../../src/load/blockBootstrap.js';
import { judgeErrorRate, judgeLatency } from '../../src/load/LoadCriterion.js';

const rule = { minSamples: 1000, minTail: 20, minBlocks: 12, confidence: 0.95 };
const enough = { baseline: 5000, candidate: 5000 };
const limit = { maxIncrease: 0.1, floorMs: 0 };
const ratio = (r: number, lo: number, hi: number, baselineUs = 1000): QuantileRatio =>
  ({ q: 0.95, baselineUs, candidateUs: baselineUs * r, ratio: r, lo, hi, seLog: (Math.log(hi) - Math.log(lo)) / 3.92, blocks: 40 });

describe('judgeLatency', () => {
  it('passes when the whole interval is inside the limit, fails when wholly beyond, else inconclusive', () => {
    expect(judgeLatency('P95', ratio(1.0, 0.95, 1.05), limit, enough, rule).outcome.status).toBe('pass');
    expect(judgeLatency('P95', ratio(1.3, 1.2, 1.4), limit, enough, rule).outcome.status).toBe('fail');
    expect(judgeLatency('P95', ratio(1.08, 1.02, 1.15), limit, enough, rule).outcome.status).toBe('inconclusive');
  });

  it('applies the absolute floor so that a tiny baseline does not make a huge ratio fail', () => {
    // 50 µs → 100 µs is +100%, but only 0.05 ms: within a 0.1 ms floor.
    const r = ratio(2, 1.9, 2.1, 50);
    expect(judgeLatency('P95', r, { maxIncrease: 0.1, floorMs: 0.1 }, enough, rule).outcome.status).toBe('pass');
    expect(judgeLatency('P95', r, { maxIncrease: 0.1, floorMs: 0 }, enough, rule).outcome.status).toBe('fail');
  });

  it('never passes below the minimum samples, with no data, or with a run too short for the percentile', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999 }), (n) => {
      const r = judgeLatency('P95', ratio(1, 0.99, 1.01), limit, { baseline: n, candidate: 5000 }, rule);
      expect(r.outcome.status).toBe('inconclusive');
    }));
    expect(judgeLatency('P99', { ...ratio(1, 0.99, 1.01), q: 0.99 }, limit, { baseline: 1500, candidate: 1500 }, rule).outcome.reason).toMatch(/too short for P99/);
    expect(judgeLatency('P95', ratio(Number.NaN, Number.NaN, Number.NaN), limit, enough, rule).outcome.reason).toMatch(/no data/);
    expect(judgeLatency('P95', { ...ratio(1, 0.99, 1.01), blocks: 4 }, limit, enough, rule).outcome.reason).toMatch(/4 time blocks/);
  });

  it('states its minimum detectable effect', () => {
    const r = judgeLatency('P95', ratio(1, 0.95, 1.05), limit, enough, rule);
    expect(r.minDetectableEffect).toBeGreaterThan(0.05);
    expect(r.minDetectableEffect).toBeLessThan(0.1);
    expect(r.outcome.reason).toMatch(/MDE/);
  });
});

describe('judgeErrorRate', () => {
  it('passes zero errors on enough requests, stays inconclusive on too few, fails a clear increase', () => {
    expect(judgeErrorRate(newcombeDifference(0, 20_000, 0, 20_000), 0.001, 1000).outcome.status).toBe('pass');
    expect(judgeErrorRate(newcombeDifference(0, 500, 0, 500), 0.001, 1000).outcome.status).toBe('inconclusive');
    expect(judgeErrorRate(newcombeDifference(200, 10_000, 2, 10_000), 0.001, 1000).outcome.status).toBe('fail');
    expect(judgeErrorRate(newcombeDifference(0, 0, 0, 0), 0.001, 1000).outcome.reason).toMatch(/no data/);
  });
});
