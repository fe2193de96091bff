import type { Evidence, MetricOf } from '../evidence/index.js';
import type { LoadAnalysis } from './analyseLoad.js';
import type { LatencyCriterionResult } from './LoadCriterion.js';
import { countAttempts, countErrors } from './ArmSamples.js';
import type { Measurement } from './measureLoad.js';
import { encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

type Name<C extends 'load' | 'redis-latency' | 'noisy-neighbour'> = MetricOf<C> | `${MetricOf<C>}.lo` | `${MetricOf<C>}.hi`;

/** Metrics by catalogue name; non-finite numbers are left out (no data is absent, never 0). */
export class MetricSheet<C extends 'load' | 'redis-latency' | 'noisy-neighbour'> {
  readonly metrics: Record<string, number> = {};
  set(name: Name<C>, value: number): this {
    if (Number.isFinite(value)) this.metrics[name] = value;
    return this;
  }
  interval(name: MetricOf<C>, value: number, lo: number, hi: number): this {
    return this.set(name, value).set(`${name}.lo`, lo).set(`${name}.hi`, hi);
  }
  /**
   * A latency ratio as its judge saw it: the interval only when the judge had the data to use it
   * (a reader that finds no interval must not decide), the limit, and the baseline quantile the
   * limit's absolute floor was taken against, so the gate's judge computes the very same limit.
   */
  latency(name: MetricOf<C>, r: LatencyCriterionResult): this {
    if (r.judged) this.interval(name, r.ratio.ratio, r.ratio.lo, r.ratio.hi);
    else this.set(name, r.ratio.ratio);
    return this;
  }
}

/** A percentile in ms from an HDR histogram of µs; NaN (left out) when it holds nothing. */
const ms = (h: Histogram, percentile: number): number => (h.totalCount > 0 ? h.getValueAtPercentile(percentile) / 1000 : Number.NaN);

export interface EvidenceFrame { target: string; seed: number; startedAt: string; durationMs: number; artifacts: string[] }

/** The 'load' evidence record: every ratio with its interval, error rates, what was really run. */
export function loadEvidence(m: Measurement, a: LoadAnalysis, frame: EvidenceFrame): Evidence {
  const sheet = new MetricSheet<'load'>();
  const [p50, p95, p99] = a.latency;
  if (p50 !== undefined) sheet.latency('p50Ratio', p50).set('p50Limit', p50.limitRatio).set('minDetectableEffectP50', p50.minDetectableEffect).set('p50MsBaseline', p50.ratio.baselineUs / 1000);
  if (p95 !== undefined) sheet.latency('p95Ratio', p95).set('p95Limit', p95.limitRatio).set('minDetectableEffectP95', p95.minDetectableEffect).set('p95MsBaseline', p95.ratio.baselineUs / 1000);
  if (p99 !== undefined) sheet.interval('p99Ratio', p99.ratio.ratio, p99.ratio.lo, p99.ratio.hi);
  const d = a.errors.difference;
  sheet.interval('errorRateDelta', d.estimate, d.lo, d.hi)
    .interval('errorRateCandidate', d.candidate.estimate, d.candidate.lo, d.candidate.hi)
    .interval('errorRateBaseline', d.baseline.estimate, d.baseline.lo, d.baseline.hi)
    .set('samplesBaseline', a.samples.baseline).set('samplesCandidate', a.samples.candidate)
    .set('p99MsBaseline', ms(m.baseline.hdr, 99))
    .set('p50MsCandidate', ms(m.candidate.hdr, 50)).set('p95MsCandidate', ms(m.candidate.hdr, 95)).set('p99MsCandidate', ms(m.candidate.hdr, 99))
    .set('avgMsBaseline', m.baseline.hdr.totalCount > 0 ? m.baseline.hdr.mean / 1000 : Number.NaN)
    .set('avgMsCandidate', m.candidate.hdr.totalCount > 0 ? m.candidate.hdr.mean / 1000 : Number.NaN)
    .set('achievedRps', (m.placement.achievedRpsPerArm.baseline + m.placement.achievedRpsPerArm.candidate) / 2)
    .set('askedRps', m.placement.askedRpsPerArm)
    .set('driverCpu', Math.max(0, ...m.rounds.map((r) => r.driverCpu)))
    .set('rounds', m.rounds.length)
    .set('selfCheckProblems', m.problems.length);
  return {
    check: 'load', target: frame.target, status: a.status, metrics: sheet.metrics, seed: frame.seed,
    startedAt: frame.startedAt, durationMs: frame.durationMs, artifacts: frame.artifacts,
    details: {
      reasons: a.reasons,
      criteria: [...a.latency.map((l) => ({ name: l.name, status: l.outcome.status, reason: l.outcome.reason, limitRatio: l.limitRatio, minDetectableEffect: l.minDetectableEffect })),
        { name: a.errors.name, status: a.errors.outcome.status, reason: a.errors.outcome.reason, minDetectableEffect: a.errors.minDetectableEffect }],
      placement: m.placement,
      rounds: m.rounds,
      statuses: { baseline: m.baseline.statuses, candidate: m.candidate.statuses },
      /** Both latency distributions (µs), HdrHistogram compressed base64: a report can re-plot them. */
      hdrHistograms: { baseline: encodeIntoCompressedBase64(m.baseline.hdr), candidate: encodeIntoCompressedBase64(m.candidate.hdr) },
      errors: { baseline: countErrors(m.baseline), candidate: countErrors(m.candidate), attemptsBaseline: countAttempts(m.baseline), attemptsCandidate: countAttempts(m.candidate) },
      problems: m.problems,
    },
  };
}
