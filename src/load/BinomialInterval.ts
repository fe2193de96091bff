import { normalQuantile } from './quantile.js';

/** A proportion with its interval; `lo`/`hi` are NaN when there is no data. */
export interface Proportion {
  successes: number;
  n: number;
  estimate: number;
  lo: number;
  hi: number;
}

/**
 * Wilson score interval: unlike the normal ("Wald") interval it stays inside [0, 1] and is not
 * zero-width at zero errors, which is where error rates usually live.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Proportion {
  if (n <= 0) return { successes, n, estimate: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact at the ends and around the estimate: at zero successes centre − half is 0 only up to
  // rounding (2.7e-20 was seen), and a bound a hair past its estimate reads as a malformed interval.
  const lo = successes <= 0 ? 0 : Math.min(p, Math.max(0, centre - half));
  const hi = successes >= n ? 1 : Math.max(p, Math.min(1, centre + half));
  return { successes, n, estimate: p, lo, hi };
}

export interface RateDifference {
  /** candidate − baseline */
  estimate: number;
  lo: number;
  hi: number;
  baseline: Proportion;
  candidate: Proportion;
}

/**
 * Newcombe's hybrid score interval (method 10) for p_candidate − p_baseline, built from the two
 * Wilson intervals: it keeps good coverage when both counts are zero or tiny.
 */
export function newcombeDifference(candidateErrors: number, candidateN: number, baselineErrors: number, baselineN: number,
  confidence = 0.95): RateDifference {
  const c = wilsonInterval(candidateErrors, candidateN, confidence);
  const b = wilsonInterval(baselineErrors, baselineN, confidence);
  const d = c.estimate - b.estimate;
  if (!Number.isFinite(d)) return { estimate: Number.NaN, lo: Number.NaN, hi: Number.NaN, baseline: b, candidate: c };
  const lo = d - Math.sqrt((c.estimate - c.lo) ** 2 + (b.hi - b.estimate) ** 2);
  const hi = d + Math.sqrt((c.hi - c.estimate) ** 2 + (b.estimate - b.lo) ** 2);
  return { estimate: d, lo: Math.max(-1, lo), hi: Math.min(1, hi), baseline: b, candidate: c };
}

/**
 * Requests per arm an error-rate increase limit needs to be decidable when neither arm errs: the
 * Newcombe upper bound of 0/n − 0/n is the Wilson upper bound z²/(n + z²), which falls under
 * `limit` once n > z²/limit; a quarter more leaves room for a few errors. Undefined for a zero
 * limit, which no finite run can show.
 */
export function requestsToDecideErrorIncrease(limit: number, confidence = 0.95): number | undefined {
  if (!(limit > 0)) return undefined;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return Math.ceil((1.25 * z * z) / limit);
}
