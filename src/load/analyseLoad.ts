import { countAttempts, countErrors, type ArmSamples } from './ArmSamples.js';
import { newcombeDifference } from './BinomialInterval.js';
import { blockBootstrapRatios, type ArmLatencies } from './blockBootstrap.js';
import { randomEffectsRatios } from './randomEffectsRatios.js';
import type { LoadConfig } from './LoadConfig.js';
import { judgeErrorRate, judgeLatency, type CriterionOutcome, type ErrorCriterionResult, type LatencyCriterionResult } from './LoadCriterion.js';

export interface LoadAnalysis {
  status: CriterionOutcome['status'];
  /** Every reason behind the status: failed and inconclusive criteria, then self-check problems. */
  reasons: string[];
  latency: LatencyCriterionResult[];
  errors: ErrorCriterionResult;
  samples: { baseline: number; candidate: number };
}

export interface AnalyseOptions {
  stats: LoadConfig['stats'];
  criteria: LoadConfig['criteria'];
  /** Duet: both arms share time blocks, so the bootstrap draws the same blocks for both. */
  paired: boolean;
  seed: number;
  /** Problems the run's self-checks found; any one makes a would-be pass or fail inconclusive. */
  problems: readonly string[];
  /** The same samples split by fresh process pair; two or more make the intervals random-effects intervals across pairs. */
  pairs?: ReadonlyArray<{ baseline: ArmLatencies; candidate: ArmLatencies }>;
}

/** Turns two arms' samples into per-criterion verdicts and one overall status. */
export function analyseLoad(baseline: ArmSamples, candidate: ArmSamples, options: AnalyseOptions): LoadAnalysis {
  const { stats, criteria } = options;
  const bootstrap = { qs: [0.5, 0.95, 0.99], resamples: stats.resamples, confidence: stats.confidence, paired: options.paired };
  const pooled = blockBootstrapRatios(baseline, candidate, { ...bootstrap, seed: options.seed });
  const pairs = options.pairs ?? [];
  const ratios = pairs.length < 2 ? pooled : randomEffectsRatios(
    pairs.map((p, i) => blockBootstrapRatios(p.baseline, p.candidate, { ...bootstrap, seed: options.seed + 7919 * (i + 1) })), pooled, stats.confidence);
  const samples = { baseline: baseline.latencyUs.length, candidate: candidate.latencyUs.length };
  const rule = { minSamples: stats.minSamples, minTail: stats.minTail, minBlocks: stats.minBlocks, confidence: stats.confidence };
  const limits = [criteria.p50, criteria.p95, criteria.p99 ?? { maxIncrease: Number.POSITIVE_INFINITY, floorMs: 0 }];
  const latency = ratios.map((r, i) => judgeLatency(`P${Math.round(r.q * 100)}`, r, limits[i] as { maxIncrease: number; floorMs: number }, samples, rule));
  const diff = newcombeDifference(countErrors(candidate), countAttempts(candidate), countErrors(baseline), countAttempts(baseline), stats.confidence);
  const errors = judgeErrorRate(diff, criteria.errorRateIncrease, stats.minSamples);
  // P99 is reported, never judged, unless the config gives it a limit.
  const judged = [...latency.filter((l) => l.q !== 0.99 || criteria.p99 !== undefined), errors];
  const failed = judged.filter((j) => j.outcome.status === 'fail');
  const unsure = judged.filter((j) => j.outcome.status === 'inconclusive');
  const reasons = [...failed, ...unsure].map((j) => j.outcome.reason);
  let status: CriterionOutcome['status'] = failed.length > 0 ? 'fail' : unsure.length > 0 ? 'inconclusive' : 'pass';
  if (options.problems.length > 0) {
    status = 'inconclusive';
    reasons.push(...options.problems.map((p) => `self-check: ${p}`));
  }
  return { status, reasons, latency, errors, samples };
}
