import type { Criterion, Source, StagePlan } from '../StagePlan.js';
import { criterion, MIN } from './planParts.js';

/**
 * Criteria read from production metrics (`isogate production`: canary against control in
 * Prometheus over the stage's bake time). Each names the rollout document's threshold; a pass
 * needs the canary cohort to have served at least MIN.productionRequests requests.
 */
const served = { metric: 'requestsCanary', value: MIN.productionRequests } as const;

/** Events in a share's whole before it can pass: at none matched, the Wilson bound is then below 2%. */
export const SHARE_EVENTS = 200;

export const production = {
  isolationScore: (stage: string, min: number, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-isolation-score`, check: 'production', metric: 'isolationScore', op: '>=', value: min, minSamples: served, text: `${text} (production: isolation violations counted by the service)`, source }),
  noViolations: (stage: string, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-isolation-violations`, check: 'production', metric: 'isolationViolations', op: '==', value: 0, minSamples: served, text: `${text} (production: isolation violations counted by the service)`, source }),
  errorDelta: (stage: string, max: number, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-error-differential`, check: 'production', metric: 'errorRateDelta', op: '<=', value: max, minSamples: served, text: `${text} (production: canary − control, Newcombe interval)`, source }),
  errorRate: (stage: string, max: number, text: string, source: Source, op: '<' | '<=' = '<'): Criterion =>
    criterion({ id: `${stage}.production-error-rate`, check: 'production', metric: 'errorRateCanary', op, value: max, minSamples: served, text: `${text} (production: canary cohort, Wilson interval)`, source }),
  p95Ratio: (stage: string, max: number, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-p95-ratio`, check: 'production', metric: 'p95Ratio', op: '<=', value: max, minSamples: served, text: `${text} (production: canary P95 / control P95 from histogram buckets)`, source }),
  p95Ms: (stage: string, max: number, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-p95-ms`, check: 'production', metric: 'p95MsCanary', op: '<', value: max, minSamples: served, text: `${text} (production: canary cohort, from histogram buckets)`, source }),
  redisP95: (stage: string, maxMs: number, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-redis-p95`, check: 'production', metric: 'redisP95Ms', op: '<', value: maxMs, minSamples: served, text: `${text} (production: the canary's Redis round trips)`, source }),
  noLegacyHeaders: (stage: string, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-legacy-headers`, check: 'production', metric: 'legacyHeaderRequests', op: '==', value: 0, minSamples: served, text: `${text} (production: legacy tenant header requests counted by the service over the stage's window)`, source }),
  /**
   * A counter share of the canary (`production.shares.<name>`: e.g. reads served by the new key
   * schema among all reads), Wilson interval; a pass needs SHARE_EVENTS events in its whole.
   */
  share: (stage: string, name: string, op: '<' | '<=' | '>' | '>=', value: number, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-share-${name}`, check: 'production', metric: `share:${name}`, op, value,
      minSamples: { metric: `share:${name}:events`, value: SHARE_EVENTS }, text: `${text} (production: ${name} share of the canary's counter over the stage's window, Wilson interval)`, source }),
  /** None of the canary's counter matched the share's part over the window (`share:<name>:matched == 0`). */
  shareNone: (stage: string, name: string, text: string, source: Source): Criterion =>
    criterion({ id: `${stage}.production-share-${name}-none`, check: 'production', metric: `share:${name}:matched`, op: '==', value: 0,
      minSamples: { metric: `share:${name}:events`, value: SHARE_EVENTS }, text: `${text} (production: ${name} part of the canary's counter over the stage's window)`, source }),
  cohortShare: (stage: string, percent: number, source: Source): Criterion =>
    criterion({ id: `${stage}.production-cohort-share`, check: 'production', metric: 'cohortShareExcess', op: '<=', value: 0, minSamples: served, text: `the canary cohort receives ${percent}% of requests (within binomial tolerance and the configured slack)`, source }),
};

/**
 * Gives each stage's production run the plan, the stage, its canary percentage and (when the
 * document names one) its window, so that `isogate production` judges by this plan's thresholds
 * whatever plan the config names.
 */
export function withProductionRuns(plan: StagePlan, percents: Readonly<Record<string, number>>, windows: Readonly<Record<string, string>> = {}): StagePlan {
  return {
    ...plan,
    stages: plan.stages.map((s) => ({
      ...s,
      runs: s.runs.map((r) => {
        if (r.id !== 'production') return r;
        const percent = percents[s.id];
        const window = windows[s.id];
        return { ...r, argv: ['production', '--plan', plan.id, '--stage', s.id, ...(percent === undefined ? [] : ['--canary-percent', String(percent)]), ...(window === undefined ? [] : ['--window', window])] };
      }),
    })),
  };
}
