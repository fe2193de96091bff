import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketQuantile, type Bucket } from '../../src/production/bucketQuantile.js';

const EDGES = Array.from({ length: 40 }, (_, i) => 0.001 * 1.25 ** i);

function cumulative(counts: readonly number[]): Bucket[] {
  let total = 0;
  const buckets = EDGES.map((le, i) => ({ le, count: (total += counts[i] ?? 0) }));
  return [...buckets, { le: Number.POSITIVE_INFINITY, count: total }];
}

describe('bucketQuantile', () => {
  it('is never narrower than the bucket the quantile falls in, and contains its estimate', () => {
    fc.assert(fc.property(fc.array(fc.nat({ max: 500 }), { minLength: EDGES.length, maxLength: EDGES.length }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), (counts, q) => {
      const b = cumulative(counts);
      const total = b.at(-1)!.count;
      const r = bucketQuantile(b, q, 0.95);
      if (total === 0) return r.kind === 'none';
      if (r.kind !== 'ok') return false;
      const at = b.findIndex((x) => x.count >= q * total);
      const lower = at === 0 ? 0 : b[at - 1]!.le;
      const upper = b[at]!.le;
      return r.lo <= lower && r.hi >= upper && r.lo <= r.estimate && r.estimate <= r.hi;
    }), { seed: Number(process.env.ISOGATE_TEST_SEED ?? 20261202), verbose: true });
  });

  it('refuses a quantile above the largest finite bucket instead of inventing an upper bound', () => {
    const r = bucketQuantile([{ le: 0.1, count: 10 }, { le: Number.POSITIVE_INFINITY, count: 100 }], 0.95, 0.95);
    expect(r).toEqual({ kind: 'none', reason: expect.stringMatching(/above the largest finite bucket/) as unknown as string });
  });

  it('refuses a series without a +Inf bucket', () => {
    expect(bucketQuantile([{ le: 0.1, count: 10 }, { le: 0.2, count: 20 }], 0.95, 0.95).kind).toBe('none');
  });
});
