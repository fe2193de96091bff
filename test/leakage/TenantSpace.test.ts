import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tenantsArbitrary } from '../../src/leakage/TenantSpace.js';

describe('tenant ids are drawn from the whole declared space', () => {
  it('draws separators, globs, whitespace, unicode and prefix pairs by default', () => {
    const drawn = fc.sample(tenantsArbitrary({ pattern: undefined }, 2, 8), { numRuns: 300, seed: 1 }).flat();
    expect(drawn.some((t) => t.includes(':'))).toBe(true);
    expect(drawn.some((t) => t.includes('*'))).toBe(true);
    expect(drawn.some((t) => /\s/.test(t))).toBe(true);
    expect(drawn.some((t) => /[^\x00-\x7f]/.test(t))).toBe(true);
    const sets = fc.sample(tenantsArbitrary({ pattern: undefined }, 2, 8), { numRuns: 300, seed: 2 });
    expect(sets.filter((ids) => ids.some((a) => ids.some((b) => a !== b && b.startsWith(a)))).length).toBeGreaterThan(60);
  });
  it('stays inside a declared pattern, distinct, 2 to 8 per run', () => {
    const pattern = /^[a-z0-9]+$/;
    for (const ids of fc.sample(tenantsArbitrary({ pattern }, 2, 8), { numRuns: 200, seed: 3 })) {
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(ids.length).toBeLessThanOrEqual(8);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(pattern);
    }
  });
});
