import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormed, tenantsArbitrary, valuePrefixArbitrary } from '../../src/leakage/TenantSpace.js';

describe('values are drawn from the declared value space', () => {
  it('draws well-formed Unicode values by default (no lone surrogates)', () => {
    const drawn = fc.sample(valuePrefixArbitrary(), { numRuns: 2_000, seed: 5 });
    expect(drawn.every(isWellFormed)).toBe(true);
    expect(drawn.some((v) => /[^\x00-\x7f]/.test(v))).toBe(true);
  });
  it('keeps lone surrogates in tenant ids, where a collision through UTF-8 is an isolation bug', () => {
    const ids = fc.sample(tenantsArbitrary({ pattern: undefined }, 2, 8), { numRuns: 500, seed: 6 }).flat();
    expect(ids.some((id) => !isWellFormed(id))).toBe(true);
  });
  it('draws from a declared value pattern', () => {
    const pattern = /^[0-9]{1,4}$/;
    const drawn = fc.sample(valuePrefixArbitrary(pattern), { numRuns: 300, seed: 7 });
    for (const v of drawn) expect(v === '' || pattern.test(v)).toBe(true);
    expect(drawn.some((v) => v !== '')).toBe(true);
  });
});
