import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newcombeDifference, requestsToDecideErrorIncrease, wilsonInterval } from '../../src/load/BinomialInterval.js';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // Newcombe (1998), table I: 0/10 → [0, 0.2775]; 81/263 → [0.2553, 0.3662].
    const zero = wilsonInterval(0, 10);
    expect(zero.lo).toBe(0);
    expect(zero.hi).toBeCloseTo(0.2775, 4);
    const mid = wilsonInterval(81, 263);
    expect(mid.lo).toBeCloseTo(0.2553, 3);
    expect(mid.hi).toBeCloseTo(0.3662, 3);
  });

  it('bounds zero errors at exactly 0 and all errors at exactly 1, for every n (rounding once left 2.7e-20)', () => {
    const off: string[] = [];
    for (let n = 1; n <= 60_000; n++) {
      if (wilsonInterval(0, n).lo !== 0) off.push(`0/${n}: lo ${wilsonInterval(0, n).lo}`);
      if (wilsonInterval(n, n).hi !== 1) off.push(`${n}/${n}: hi ${wilsonInterval(n, n).hi}`);
    }
    expect(off).toEqual([]);
  });

  it('is not zero-width at zero errors, and gives no interval without data', () => {
    expect(wilsonInterval(0, 10_000).hi).toBeGreaterThan(0);
    expect(Number.isNaN(wilsonInterval(0, 0).hi)).toBe(true);
  });

  it('always holds its estimate inside [0, 1] bounds, and narrows as n grows', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
      const k = Math.round(share * n);
      const w = wilsonInterval(k, n);
      expect(w.lo).toBeGreaterThanOrEqual(0);
      expect(w.hi).toBeLessThanOrEqual(1);
      // Exactly, not within a tolerance: the gate reads a bound past its estimate as malformed.
      expect(w.lo).toBeLessThanOrEqual(w.estimate);
      expect(w.hi).toBeGreaterThanOrEqual(w.estimate);
      if (k === 0) expect(w.lo).toBe(0);
      if (k === n) expect(w.hi).toBe(1);
      const bigger = wilsonInterval(k * 4, n * 4);
      expect(bigger.hi - bigger.lo).toBeLessThanOrEqual(w.hi - w.lo + 1e-12);
    }));
  });
});

describe('newcombeDifference', () => {
  it('matches Newcombe (1998) method 10: 56/70 − 48/80 → [0.0524, 0.3339]', () => {
    const d = newcombeDifference(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 6);
    expect(d.lo).toBeCloseTo(0.0524, 3);
    expect(d.hi).toBeCloseTo(0.3339, 3);
  });

  it('contains its estimate, stays in [-1, 1], and contains 0 when both arms have the same counts', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 50_000 }), fc.nat(), fc.nat(), (n1, n2, a, b) => {
      const d = newcombeDifference(a % (n1 + 1), n1, b % (n2 + 1), n2);
      expect(d.lo).toBeLessThanOrEqual(d.estimate + 1e-12);
      expect(d.hi).toBeGreaterThanOrEqual(d.estimate - 1e-12);
      expect(d.lo).toBeGreaterThanOrEqual(-1);
      expect(d.hi).toBeLessThanOrEqual(1);
      const same = newcombeDifference(a % (n1 + 1), n1, a % (n1 + 1), n1);
      expect(same.lo).toBeLessThanOrEqual(0);
      expect(same.hi).toBeGreaterThanOrEqual(0);
    }));
  });
});

describe('requests to decide an error-rate increase limit', () => {
  it('is enough for the upper bound of 0/n − 0/n to fall under the limit, and a tenth fewer than z²/limit is not', () => {
    for (const limit of [0.01, 0.001, 0.0001]) {
      const n = requestsToDecideErrorIncrease(limit) ?? 0;
      expect(newcombeDifference(0, n, 0, n).hi).toBeLessThan(limit); // not timing: an interval bound
      const short = Math.floor((0.9 * 1.959964 ** 2) / limit);
      expect(newcombeDifference(0, short, 0, short).hi).toBeGreaterThan(limit);
    }
    expect(requestsToDecideErrorIncrease(0.0001)).toBe(48_019);
  });

  it('has no answer for a zero limit, which no finite run can show', () => {
    expect(requestsToDecideErrorIncrease(0)).toBeUndefined();
  });
});

