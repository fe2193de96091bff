import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockBootstrapRatios, minimumDetectableEffect } from '../../src/load/blockBootstrap.js';
import { seededRandom } from '../../src/random/index.js';

/** n responses per arm from a lognormal around `medianUs`, in blocks of `perBlock`, each block with a shared slowdown. */
function arm(seed: number, n: number, medianUs: number, perBlock: number, blockNoise: number, scale = 1): { latencyUs: number[]; block: number[] } {
  const random = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const latencyUs: number[] = [];
  const block: number[] = [];
  let shared = 1;
  for (let i = 0; i < n; i++) {
    if (i % perBlock === 0) shared = Math.exp(blockNoise * gauss());
    latencyUs.push(scale * shared * medianUs * Math.exp(0.5 * gauss()));
    block.push(Math.floor(i / perBlock));
  }
  return { latencyUs, block };
}

const opts = { qs: [0.5, 0.95, 0.99], resamples: 400, confidence: 0.95, seed: 7, paired: false };

describe('blockBootstrapRatios', () => {
  it('gives intervals around 1 for two draws of the same distribution', () => {
    const [p50, p95] = blockBootstrapRatios(arm(1, 5000, 800, 100, 0.05), arm(2, 5000, 800, 100, 0.05), opts);
    expect(p50!.lo).toBeLessThan(1);
    expect(p50!.hi).toBeGreaterThan(1);
    expect(p95!.lo).toBeLessThan(1);
    expect(p95!.hi).toBeGreaterThan(1);
  });

  it('finds a 30% slowdown and brackets it', () => {
    const [, p95] = blockBootstrapRatios(arm(1, 5000, 800, 100, 0.02), arm(2, 5000, 800, 100, 0.02, 1.3), opts);
    expect(p95!.lo).toBeGreaterThan(1.1);
    expect(p95!.lo).toBeLessThan(1.3);
    expect(p95!.hi).toBeGreaterThan(1.3);
  });

  it('pairing by shared time blocks cancels noise both arms share', () => {
    // Both arms see the same block slowdowns (same seed for the block noise, distinct per-response noise).
    const base = arm(5, 6000, 800, 200, 0.3);
    const cand = { latencyUs: base.latencyUs.map((x, i) => x * Math.exp(0.01 * Math.sin(i))), block: base.block };
    const paired = blockBootstrapRatios(base, cand, { ...opts, paired: true })[1]!;
    const unpaired = blockBootstrapRatios(base, cand, { ...opts, paired: false })[1]!;
    expect(paired.hi - paired.lo).toBeLessThan((unpaired.hi - unpaired.lo) / 3);
  });

  it('is wider when blocks are noisy than resampling responses one by one would suggest', () => {
    const noisy = blockBootstrapRatios(arm(1, 4000, 800, 200, 0.2), arm(2, 4000, 800, 200, 0.2), opts)[1]!;
    const quiet = blockBootstrapRatios(arm(1, 4000, 800, 200, 0), arm(2, 4000, 800, 200, 0), opts)[1]!;
    expect(noisy.hi / noisy.lo).toBeGreaterThan(quiet.hi / quiet.lo);
  });

  it('says NaN, not a number, when an arm has no data', () => {
    const [p50] = blockBootstrapRatios(arm(1, 100, 800, 10, 0), { latencyUs: [], block: [] }, opts);
    expect(Number.isNaN(p50!.lo)).toBe(true);
    expect(Number.isNaN(p50!.ratio)).toBe(true);
  });

  it('always brackets its point estimate with lo ≤ ratio ≤ hi', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 20, max: 600 }), fc.double({ min: 0.5, max: 3, noNaN: true }),
      fc.boolean(), (seed, n, scale, paired) => {
        const rs = blockBootstrapRatios(arm(seed, n, 500, 10, 0.1), arm(seed + 1, n, 500, 10, 0.1, scale), { ...opts, resamples: 100, paired });
        for (const r of rs) {
          expect(r.lo).toBeLessThanOrEqual(r.ratio * (1 + 1e-9));
          expect(r.hi).toBeGreaterThanOrEqual(r.ratio * (1 - 1e-9));
          expect(r.lo).toBeGreaterThan(0);
        }
      }), { numRuns: 40 });
  });

  it('minimum detectable effect grows with the standard error', () => {
    expect(minimumDetectableEffect(0.01)).toBeCloseTo(Math.exp(2.8016 * 0.01) - 1, 3);
    expect(minimumDetectableEffect(0.05)).toBeGreaterThan(minimumDetectableEffect(0.01));
    expect(Number.isNaN(minimumDetectableEffect(Number.NaN))).toBe(true);
  });
});
