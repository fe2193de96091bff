import { describe, expect, it } from 'vitest';
import type { QuantileRatio } from '../../src/load/blockBootstrap.js';
import { betweenPairVariance, randomEffectsRatios } from '../../src/load/randomEffectsRatios.js';

const pair = (ratio: number, seLog: number): QuantileRatio[] => [{ q: 0.95, baselineUs: 5000, candidateUs: 5000 * ratio, ratio, lo: Number.NaN, hi: Number.NaN, seLog, blocks: 40 }];
const pooled = pair(1, 0.01);

describe('random-effects intervals across fresh process pairs', () => {
  it('pairs that agree give the fixed-effect interval: no between-pair variance', () => {
    const [r] = randomEffectsRatios([pair(1.02, 0.02), pair(1.02, 0.02), pair(1.02, 0.02)], pooled, 0.95);
    expect(betweenPairVariance([0.02, 0.02, 0.02].map(Math.log1p), [0.0004, 0.0004, 0.0004])).toBe(0);
    expect(r?.ratio).toBeCloseTo(1.02, 10);
    expect(r?.seLog).toBeCloseTo(0.02 / Math.sqrt(3), 10);
    expect(r?.blocks).toBe(120);
  });

  it('pairs that disagree beyond their own errors widen the interval (process luck is in it)', () => {
    const within = randomEffectsRatios([pair(1.0, 0.01), pair(1.0, 0.01), pair(1.0, 0.01)], pooled, 0.95)[0] as QuantileRatio;
    const spread = randomEffectsRatios([pair(0.92, 0.01), pair(1.0, 0.01), pair(1.09, 0.01)], pooled, 0.95)[0] as QuantileRatio;
    expect(spread.hi / spread.lo).toBeGreaterThan(3 * (within.hi / within.lo - 1) + 1);
    expect(spread.lo).toBeLessThan(1);
    expect(spread.hi).toBeGreaterThan(1);
  });

  it('a pair without an interval leaves the combined one undefined, never narrower', () => {
    const [r] = randomEffectsRatios([pair(1.0, 0.01), pair(1.0, Number.NaN)], pooled, 0.95);
    expect(Number.isNaN(r?.lo)).toBe(true);
    expect(Number.isNaN(r?.hi)).toBe(true);
  });
});
