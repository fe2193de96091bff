import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalQuantile, quantileSorted } from '../../src/load/quantile.js';
import { quantileInterval } from '../../src/load/quantileInterval.js';
import { seededRandom } from '../../src/random/index.js';

describe('quantiles', () => {
  it('uses the nearest-rank rule and says NaN for no data', () => {
    const xs = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(quantileSorted(xs, 0.5)).toBe(5);
    expect(quantileSorted(xs, 0.95)).toBe(10);
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(Number.isNaN(quantileSorted(new Float64Array(0), 0.5))).toBe(true);
  });

  it('normalQuantile inverts the standard normal', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
  });

  it('quantileInterval brackets its estimate for any sample', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }),
      fc.constantFrom(0.5, 0.95, 0.99), (values, q) => {
        const sorted = Float64Array.from(values).sort();
        const i = quantileInterval(sorted, q);
        if (Number.isFinite(i.lo)) expect(i.lo).toBeLessThanOrEqual(i.estimate);
        if (Number.isFinite(i.hi)) expect(i.hi).toBeGreaterThanOrEqual(i.estimate);
      }));
  });

  it('quantileInterval covers the true P95 of an exponential distribution about 95% of the time', () => {
    const random = seededRandom(42);
    const truth = -Math.log(1 - 0.95);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const sorted = Float64Array.from({ length: 1000 }, () => -Math.log(1 - random())).sort();
      const i = quantileInterval(sorted, 0.95);
      if (i.lo <= truth && truth <= i.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.995);
  });
});
