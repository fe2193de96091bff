import { describe, expect, it } from 'vitest';
import { hexToken, pick, seededRandom } from '../../src/random/index.js';

describe('seededRandom', () => {
  it('replays the same sequence from the same seed, and another from another seed', () => {
    const draw = (seed: number): number[] => { const r = seededRandom(seed); return Array.from({ length: 5 }, () => r()); };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws in [0, 1) and spreads over it', () => {
    const r = seededRandom(7);
    const xs = Array.from({ length: 10_000 }, () => r());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // not timing: a count from a fixed seed
    expect(xs.filter((x) => x < 0.5).length).toBeGreaterThan(4_700);
    expect(xs.filter((x) => x < 0.5).length).toBeLessThan(5_300); // not timing: as above
  });

  it('picks only from the list, refuses an empty one, and makes hex tokens of the asked length', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 50; i++) expect(['a', 'b', 'c']).toContain(pick(r, ['a', 'b', 'c']));
    expect(() => pick(r, [])).toThrow(/empty/);
    expect(hexToken(r, 12)).toMatch(/^[0-9a-f]{12}$/);
  });
});
