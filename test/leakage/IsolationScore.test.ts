import { describe, expect, it } from 'vitest';
import { isolationScore, leakRateUpperBound } from '../../src/leakage/IsolationScore.js';

describe('IsolationScore', () => {
  it('is 100 with the rule-of-three bound 3/n when nothing leaked', () => {
    const s = isolationScore(0, 300);
    expect(s.score).toBe(100);
    expect(s.leakRateUpperBound95).toBeCloseTo(0.01, 10);
  });
  it('is 100 × (1 − leaking / observations) otherwise, with a bound above the observed rate', () => {
    const s = isolationScore(5, 200);
    expect(s.score).toBeCloseTo(97.5, 10);
    // not timing: a leak rate's bound computed from fixed counts
    expect(s.leakRateUpperBound95).toBeGreaterThan(5 / 200);
    expect(s.leakRateUpperBound95).toBeLessThan(1); // not timing: a probability
  });
  it('says nothing was proven when nothing was observed', () => {
    expect(leakRateUpperBound(0, 0)).toBe(1);
    expect(isolationScore(0, 0).leakRateUpperBound95).toBe(1);
  });
});
