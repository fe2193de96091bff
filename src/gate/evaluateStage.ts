import type { Evidence } from '../evidence/index.js';
import { checkSays, evaluateCriterion } from './evaluateCriterion.js';
import type { Stage } from './StagePlan.js';
import type { CalendarOutcome, CheckFailure, CriterionOutcome, OutcomeStatus, Verdict } from './Verdict.js';

export interface EvaluateOptions {
  /** The day the gate runs, for stages with an earliest start (injected: the function stays pure). */
  now?: Date;
}

function calendarOutcome(stage: Stage, now: Date): CalendarOutcome | undefined {
  if (stage.notBefore === undefined) return undefined;
  const early = now.getTime() < Date.parse(`${stage.notBefore}T00:00:00Z`);
  const today = now.toISOString().slice(0, 10);
  return {
    notBefore: stage.notBefore, status: early ? 'fail' : 'pass', source: stage.source,
    reason: `${today} is ${early ? 'before' : 'on or after'} the earliest start ${stage.notBefore}`,
  };
}

/** Records of the stage's checks that say `fail` where none of that check's criteria failed. */
function uncoveredFailures(stage: Stage, outcomes: readonly CriterionOutcome[], evidence: readonly Evidence[]): CheckFailure[] {
  const read = new Set<string>(stage.criteria.map((c) => c.check));
  const explained = new Set<string>(outcomes.filter((o) => o.status === 'fail').map((o) => o.criterion.check));
  return evidence.flatMap((e, i) => (e.status === 'fail' && read.has(e.check) && !explained.has(e.check)
    ? [{ check: e.check, target: e.target, evidence: i, reason: `${e.check}/${e.target} reported fail${checkSays(e) === undefined ? '' : `: ${checkSays(e)}`} (no criterion of this stage covers it)` }]
    : []));
}

function summarise(verdict: Verdict['verdict'], outcomes: readonly CriterionOutcome[], counts: Record<OutcomeStatus, number>, manual: number, calendar?: CalendarOutcome, checkFailures: readonly CheckFailure[] = []): string {
  const total = outcomes.length;
  if (verdict === 'NO-GO' && counts.fail === 0) {
    const reasons = [...(calendar?.status === 'fail' ? [calendar.reason] : []),
      ...checkFailures.map((f) => `check ${f.check}/${f.target} reported fail for a reason no criterion of this stage covers`)];
    return `NO-GO: ${reasons.join('; ')}`;
  }
  const pending = manual > 0 ? `; ${manual} manual item${manual === 1 ? ' awaits' : 's await'} QA sign-off` : '';
  if (verdict === 'GO') return `GO: all ${total} criteria passed on sufficient evidence${pending}`;
  if (verdict === 'NO-GO') {
    const ids = outcomes.filter((o) => o.status === 'fail').map((o) => o.criterion.id);
    return `NO-GO: ${counts.fail} of ${total} criteria failed (${ids.join(', ')})`;
  }
  if (total === 0) return 'INCONCLUSIVE: this stage has no measured criterion, so nothing can show it is safe';
  return `INCONCLUSIVE: ${counts.inconclusive} of ${total} criteria could not be decided (missing, errored or insufficient evidence); none failed`;
}

/** The arm states a load record says it measured (`details.arms.candidate.state`), if it says. */
function measuredArms(e: Evidence): { candidate?: unknown; baseline?: unknown } | undefined {
  const d = e.details;
  if (typeof d !== 'object' || d === null) return undefined;
  const arms = (d as { arms?: unknown; arm?: unknown }).arms ?? { candidate: (d as { arm?: unknown }).arm };
  if (typeof arms !== 'object' || arms === null) return undefined;
  const state = (x: unknown): unknown => (typeof x === 'object' && x !== null ? (x as { state?: unknown }).state : undefined);
  const a = arms as { candidate?: unknown; baseline?: unknown };
  return { candidate: state(a.candidate), baseline: state(a.baseline) };
}

/**
 * A load or drill record that says it ran other arms than the stage declares measured another
 * rollout step: it is no evidence for this stage (errored, so its criteria stay undecided).
 */
function forThisStage(stage: Stage, e: Evidence): Evidence {
  if (stage.arms === undefined || (e.check !== 'load' && e.check !== 'noisy-neighbour' && !e.check.startsWith('drill:'))) return e;
  const measured = measuredArms(e);
  const wrong = [['candidate', measured?.candidate, stage.arms.candidate], ['baseline', measured?.baseline, stage.arms.baseline]]
    .filter(([, seen, want]) => typeof seen === 'string' && seen !== want);
  if (wrong.length === 0) return e;
  return { ...e, status: 'error', details: { reason: `measured ${wrong.map(([arm, seen, want]) => `${arm} ${String(seen)}, not this stage's ${String(want)}`).join('; ')}` } };
}

/**
 * The stage's verdict from its evidence alone: NO-GO when any criterion failed (or a check the
 * stage reads reported a failure no criterion names, or the stage starts before its date); GO
 * only when there is at least one criterion and every one passed; INCONCLUSIVE otherwise.
 */
export function evaluateStage(stage: Stage, given: readonly Evidence[], options: EvaluateOptions = {}): Verdict {
  const evidence = given.map((e) => forThisStage(stage, e));
  const outcomes = stage.criteria.map((c) => evaluateCriterion(c, evidence));
  const calendar = calendarOutcome(stage, options.now ?? new Date());
  const counts: Record<OutcomeStatus, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  const checkFailures = uncoveredFailures(stage, outcomes, evidence);
  const base = { outcomes, manual: stage.manual, counts, checkFailures, ...(calendar === undefined ? {} : { calendar }) };
  if (counts.fail > 0 || calendar?.status === 'fail' || checkFailures.length > 0) {
    return { ...base, verdict: 'NO-GO', failed: outcomes.filter((o) => o.status === 'fail'), summary: summarise('NO-GO', outcomes, counts, 0, calendar, checkFailures) };
  }
  if (counts.inconclusive > 0 || outcomes.length === 0) {
    return { ...base, verdict: 'INCONCLUSIVE', undecided: outcomes.filter((o) => o.status === 'inconclusive'), summary: summarise('INCONCLUSIVE', outcomes, counts, 0) };
  }
  return { ...base, verdict: 'GO', summary: summarise('GO', outcomes, counts, stage.manual.length) };
}
