import type { QuantileRatio } from './blockBootstrap.js';
import { normalQuantile } from './quantile.js';

/** Between-pair variance of log(ratio) by DerSimonian–Laird (method of moments), truncated at 0. */
export function betweenPairVariance(estimates: readonly number[], variances: readonly number[]): number {
  const k = estimates.length;
  if (k < 2) return 0;
  const w = variances.map((v) => 1 / v);
  const sw = w.reduce((a, b) => a + b, 0);
  const fixed = estimates.reduce((a, t, i) => a + (w[i] as number) * t, 0) / sw;
  const q = estimates.reduce((a, t, i) => a + (w[i] as number) * (t - fixed) ** 2, 0);
  const c = sw - w.reduce((a, b) => a + b * b, 0) / sw;
  return c > 0 ? Math.max(0, (q - (k - 1)) / c) : 0;
}

/**
 * One interval per quantile from several fresh baseline/candidate process pairs: each pair's
 * log ratio with its own (block bootstrap) standard error, combined as a random-effects
 * estimate, so the spread between pairs (what a fresh process costs by luck) widens the interval
 * when it is there and costs nothing when it is not. `pooled` gives the quantiles in µs of all
 * pairs together (what absolute floors and reports read). Any pair without an interval leaves
 * the combined interval undefined (NaN): never an interval narrower than the data allows.
 */
export function randomEffectsRatios(perPair: readonly (readonly QuantileRatio[])[], pooled: readonly QuantileRatio[], confidence: number): QuantileRatio[] {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return pooled.map((p, k) => {
    const ratios = perPair.map((pair) => pair[k] as QuantileRatio);
    const blocks = ratios.reduce((a, r) => a + r.blocks, 0);
    const estimates = ratios.map((r) => Math.log(r.ratio));
    const variances = ratios.map((r) => r.seLog ** 2);
    if (ratios.length === 0 || ![...estimates, ...variances].every(Number.isFinite) || variances.some((v) => v <= 0)) {
      return { ...p, lo: Number.NaN, hi: Number.NaN, seLog: Number.NaN, blocks };
    }
    const tau2 = betweenPairVariance(estimates, variances);
    const w = variances.map((v) => 1 / (v + tau2));
    const sw = w.reduce((a, b) => a + b, 0);
    const theta = estimates.reduce((a, t, i) => a + (w[i] as number) * t, 0) / sw;
    const se = Math.sqrt(1 / sw);
    return { ...p, ratio: Math.exp(theta), lo: Math.exp(theta - z * se), hi: Math.exp(theta + z * se), seLog: se, blocks };
  });
}
