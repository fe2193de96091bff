import type { RateDifference } from './BinomialInterval.js';
import type { QuantileRatio } from './blockBootstrap.js';
import { minimumDetectableEffect } from './blockBootstrap.js';

export type CriterionOutcome =
  | { status: 'pass'; reason: string }
  | { status: 'fail'; reason: string }
  | { status: 'inconclusive'; reason: string };

export interface LatencyLimit {
  /** Allowed relative increase, e.g. 0.10 for "+10% vs baseline". */
  maxIncrease: number;
  /** Allowed absolute increase in ms whatever the ratio: sub-millisecond latencies make huge, meaningless ratios. */
  floorMs: number;
}

export interface LatencyCriterionResult {
  name: string;
  q: number;
  ratio: QuantileRatio;
  /** The ratio the candidate may reach: max(1 + maxIncrease, 1 + floorMs / baseline). */
  limitRatio: number;
  minDetectableEffect: number;
  /** The interval was judged against the limit (enough data); false: inconclusive for lack of data. */
  judged: boolean;
  outcome: CriterionOutcome;
}

export interface SampleRule {
  minSamples: number;
  /** Responses needed beyond the percentile (n·(1−q)) for the percentile to mean anything. */
  minTail: number;
  /** Time blocks per arm below which a block bootstrap interval is not worth having. */
  minBlocks: number;
  confidence: number;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * The ratio a candidate may reach: 1 + maxIncrease, or more when the baseline is so fast that
 * the relative limit is smaller than the absolute floor (1 + floorMs / baseline). `isogate load`
 * and the gate both take every latency limit from here.
 */
export function latencyLimitRatio(limit: LatencyLimit, baselineMs: number): number {
  const floor = baselineMs > 0 && Number.isFinite(baselineMs) ? 1 + limit.floorMs / baselineMs : 1;
  return Math.max(1 + limit.maxIncrease, floor);
}

/**
 * The one latency judge (non-inferiority on an interval of candidate/baseline): pass when the
 * whole interval is within the limit, fail when the whole interval is beyond it, otherwise
 * undecided. `isogate load` and the gate decide every latency criterion with this function.
 */
export function decideLatency(lo: number, hi: number, limitRatio: number): CriterionOutcome['status'] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(limitRatio)) return 'inconclusive';
  if (hi <= limitRatio) return 'pass';
  if (lo > limitRatio) return 'fail';
  return 'inconclusive';
}

/**
 * Non-inferiority of candidate vs baseline at one percentile: pass when the whole interval of
 * the ratio is within the limit, fail when the whole interval is beyond it, inconclusive when it
 * straddles it; never pass on too few samples or no data.
 */
export function judgeLatency(name: string, ratio: QuantileRatio, limit: LatencyLimit, samples: { baseline: number; candidate: number },
  rule: SampleRule): LatencyCriterionResult {
  const limitRatio = latencyLimitRatio(limit, ratio.baselineUs / 1000);
  const mde = minimumDetectableEffect(ratio.seLog, rule.confidence);
  const base = { name, q: ratio.q, ratio, limitRatio, minDetectableEffect: mde, judged: false };
  const fewest = Math.min(samples.baseline, samples.candidate);
  if (fewest === 0 || !Number.isFinite(ratio.ratio)) return { ...base, outcome: { status: 'inconclusive', reason: `${name}: no data` } };
  if (fewest < rule.minSamples) {
    return { ...base, outcome: { status: 'inconclusive', reason: `${name}: ${fewest} samples in an arm, fewer than the minimum ${rule.minSamples}` } };
  }
  if (fewest * (1 - ratio.q) < rule.minTail) {
    return { ...base, outcome: { status: 'inconclusive', reason: `${name}: run too short for P${ratio.q * 100} (${Math.floor(fewest * (1 - ratio.q))} responses beyond it, need ${rule.minTail})` } };
  }
  if (ratio.blocks < rule.minBlocks) {
    return { ...base, outcome: { status: 'inconclusive', reason: `${name}: ${ratio.blocks} time blocks in an arm, fewer than the minimum ${rule.minBlocks} for an interval` } };
  }
  if (!Number.isFinite(ratio.lo) || !Number.isFinite(ratio.hi)) {
    return { ...base, outcome: { status: 'inconclusive', reason: `${name}: no confidence interval (too few time blocks)` } };
  }
  const shown = `ratio ${ratio.ratio.toFixed(3)} [${ratio.lo.toFixed(3)}, ${ratio.hi.toFixed(3)}], limit ${limitRatio.toFixed(3)}, MDE ${pct(mde)}`;
  const decided = decideLatency(ratio.lo, ratio.hi, limitRatio);
  if (decided === 'pass') return { ...base, judged: true, outcome: { status: 'pass', reason: `${name}: ${shown}` } };
  if (decided === 'fail') return { ...base, judged: true, outcome: { status: 'fail', reason: `${name}: ${shown}` } };
  return { ...base, judged: true, outcome: { status: 'inconclusive', reason: `${name}: interval straddles the limit: ${shown}` } };
}

export interface ErrorCriterionResult {
  name: string;
  difference: RateDifference;
  maxIncrease: number;
  /** Roughly the smallest increase this run could tell apart from none: the half-width above the estimate. */
  minDetectableEffect: number;
  outcome: CriterionOutcome;
}

/** Error-rate increase (candidate − baseline) against a limit, on its Newcombe interval. */
export function judgeErrorRate(difference: RateDifference, maxIncrease: number, minSamples: number): ErrorCriterionResult {
  const name = 'error rate increase';
  const mde = difference.hi - difference.estimate;
  const base = { name, difference, maxIncrease, minDetectableEffect: mde };
  const fewest = Math.min(difference.baseline.n, difference.candidate.n);
  if (fewest === 0 || !Number.isFinite(difference.estimate)) return { ...base, outcome: { status: 'inconclusive', reason: `${name}: no data` } };
  const shown = `${pct(difference.estimate)} [${pct(difference.lo)}, ${pct(difference.hi)}], limit ${pct(maxIncrease)}`;
  if (difference.lo > maxIncrease) return { ...base, outcome: { status: 'fail', reason: `${name}: ${shown}` } };
  if (fewest < minSamples) {
    return { ...base, outcome: { status: 'inconclusive', reason: `${name}: ${fewest} requests in an arm, fewer than the minimum ${minSamples}` } };
  }
  if (difference.hi <= maxIncrease) return { ...base, outcome: { status: 'pass', reason: `${name}: ${shown}` } };
  return { ...base, outcome: { status: 'inconclusive', reason: `${name}: interval straddles the limit: ${shown}` } };
}
