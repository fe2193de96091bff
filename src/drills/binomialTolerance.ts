/**
 * How far a count of successes in `n` independent trials of probability `p` may stray from n·p
 * before chance stops being a credible explanation: `z` standard deviations, plus one count of
 * slack for the discreteness of small expectations. z = 5 keeps the false-alarm rate per
 * comparison below one in a million, so a suite of dozens of comparisons stays quiet on a correct
 * function while a share that is off by a few percent of n is still caught.
 */
export function binomialTolerance(n: number, p: number, z = 5): number {
  return z * Math.sqrt(n * p * (1 - p)) + 1;
}

/** Enough samples that `p` is expected at least `minExpected` times (0.1% needs 50 000 for 50). */
export function samplesFor(p: number, base: number, minExpected = 50): number {
  return p <= 0 ? base : Math.max(base, Math.ceil(minExpected / p));
}
