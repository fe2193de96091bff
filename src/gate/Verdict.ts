import type { Criterion, ManualItem, Source } from './StagePlan.js';

export type OutcomeStatus = 'pass' | 'fail' | 'inconclusive';

/** What the evidence showed for one criterion: the value, its 95% interval, and the sample count. */
export interface Observation {
  value: number;
  lo?: number;
  hi?: number;
  samples?: number;
  /** Index of the evidence record it came from. */
  evidence: number;
  target: string;
}

/** One criterion's result and, always, why. */
export interface CriterionOutcome {
  criterion: Criterion;
  status: OutcomeStatus;
  reason: string;
  /** Every record of the criterion's check, as read (several targets, or duplicates). */
  observations: Observation[];
  /** Indexes of all evidence records of the criterion's check. */
  evidence: number[];
}

/** A stage's earliest start (tenant-header strict mode): starting earlier is NO-GO. */
export interface CalendarOutcome {
  notBefore: string;
  status: 'pass' | 'fail';
  reason: string;
  source: Source;
}

/**
 * A record whose check reported `fail` although no criterion on that check failed: the check saw
 * a defect the plan's criteria do not name (a lost write, say). It is never ignored: NO-GO.
 */
export interface CheckFailure {
  check: string;
  target: string;
  reason: string;
  evidence: number;
}

interface VerdictBase {
  calendar?: CalendarOutcome;
  checkFailures: CheckFailure[];
  outcomes: CriterionOutcome[];
  /** Manual items: never passed automatically, attested only by a sign-off. */
  manual: ManualItem[];
  counts: Record<OutcomeStatus, number>;
  /** One line a rollout lead reads first. */
  summary: string;
}

export type Verdict =
  | (VerdictBase & { verdict: 'GO' })
  | (VerdictBase & { verdict: 'NO-GO'; failed: CriterionOutcome[] })
  | (VerdictBase & { verdict: 'INCONCLUSIVE'; undecided: CriterionOutcome[] });

export type VerdictName = Verdict['verdict'];

export const VERDICT_EXIT: Readonly<Record<VerdictName, number>> = { GO: 0, 'NO-GO': 1, INCONCLUSIVE: 2 };
