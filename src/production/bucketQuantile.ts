/** A cumulative histogram bucket: `count` observations were ≤ `le` (Prometheus `_bucket{le}`). */
export interface Bucket {
  le: number;
  count: number;
}

/** A quantile read from buckets, with the interval it is known to within. */
export type BucketQuantile =
  | { kind: 'ok'; estimate: number; lo: number; hi: number; n: number; bucketFactor: number }
  | { kind: 'none'; reason: string };

/** z of a two-sided interval, by Acklam's approximation of the normal quantile (ample here). */
export function normalZ(confidence: number): number {
  const p = 1 - (1 - confidence) / 2;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.sqrt(-2 * Math.log(1 - p));
  if (p > 0.97575) return -((((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1));
  const r = p - 0.5;
  const s = r * r;
  return ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) / (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
}

/** Index of the first bucket whose cumulative count reaches `rank`. */
function bucketOf(buckets: readonly Bucket[], rank: number): number {
  const i = buckets.findIndex((b) => b.count >= rank);
  return i < 0 ? buckets.length - 1 : i;
}

/**
 * The q-quantile of a histogram and its interval. The estimate interpolates inside its bucket
 * (as `histogram_quantile` does); the interval is from the lower edge of the bucket holding the
 * lower rank to the upper edge of the bucket holding the upper rank, the ranks being the
 * binomial (order statistic) interval of the quantile at `confidence`. So the interval is never
 * narrower than the bucket the quantile falls in: buckets cannot tell values apart inside one.
 */
export function bucketQuantile(raw: readonly Bucket[], q: number, confidence: number): BucketQuantile {
  const buckets = [...raw].filter((b) => Number.isFinite(b.count)).sort((x, y) => x.le - y.le);
  const total = buckets.find((b) => b.le === Number.POSITIVE_INFINITY)?.count;
  if (buckets.length < 2 || total === undefined) return { kind: 'none', reason: 'the histogram has no +Inf bucket (is it a histogram?)' };
  // Counter increases are extrapolated, so cumulative counts can dip slightly: make them monotone.
  for (let i = 1; i < buckets.length; i++) buckets[i] = { le: buckets[i]!.le, count: Math.max(buckets[i]!.count, buckets[i - 1]!.count) };
  const n = Math.max(total, buckets.at(-1)!.count);
  if (!(n > 0)) return { kind: 'none', reason: 'no observations in the window' };
  const z = normalZ(confidence);
  const spread = z * Math.sqrt(n * q * (1 - q));
  const rank = q * n;
  const loIndex = bucketOf(buckets, Math.max(rank - spread, 1e-9));
  const hiIndex = bucketOf(buckets, Math.min(rank + spread + 1, n));
  const at = bucketOf(buckets, rank);
  const upper = buckets[at]!;
  const lower = at === 0 ? { le: 0, count: 0 } : buckets[at - 1]!;
  const hi = buckets[hiIndex]!.le;
  if (!Number.isFinite(upper.le) || !Number.isFinite(hi)) {
    return { kind: 'none', reason: `the ${q * 100}th percentile lies above the largest finite bucket (${buckets.at(-2)!.le} s)` };
  }
  const inBucket = upper.count - lower.count;
  const estimate = inBucket > 0 ? lower.le + ((upper.le - lower.le) * (rank - lower.count)) / inBucket : upper.le;
  const lo = loIndex === 0 ? 0 : buckets[loIndex - 1]!.le;
  const bucketFactor = lower.le > 0 ? upper.le / lower.le : Number.POSITIVE_INFINITY;
  return { kind: 'ok', estimate: Math.min(Math.max(estimate, lo), hi), lo, hi, n, bucketFactor };
}
