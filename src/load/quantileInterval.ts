import { normalQuantile, quantileSorted } from './quantile.js';

/**
 * Distribution-free interval for the q-quantile of independent samples: the order statistics
 * whose ranks bracket n·q by z binomial standard deviations. NaN bounds when n is too small
 * for the interval to exist on that side.
 */
export function quantileInterval(sorted: ArrayLike<number>, q: number, confidence = 0.95): { estimate: number; lo: number; hi: number } {
  const n = sorted.length;
  if (n === 0) return { estimate: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const sd = Math.sqrt(n * q * (1 - q));
  const loRank = Math.floor(n * q - z * sd);
  const hiRank = Math.ceil(n * q + z * sd) + 1;
  return {
    estimate: quantileSorted(sorted, q),
    lo: loRank >= 1 ? (sorted[loRank - 1] as number) : Number.NaN,
    hi: hiRank <= n ? (sorted[hiRank - 1] as number) : Number.NaN,
  };
}
