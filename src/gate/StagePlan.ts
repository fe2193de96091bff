import type { CheckId, MetricOf } from '../evidence/index.js';

/** How a criterion compares an observed metric with its threshold. */
export const OPS = ['<', '<=', '>', '>=', '=='] as const;
export type Op = (typeof OPS)[number];

/** The five rollout documents the presets were written from (docs/architecture.md, "Stage plans"). */
export const DOCUMENTS = [
  'tenant-scoped-state-rollout.md',
  'request-isolation-canary-rollout.md',
  'tenant-header-compatibility-rollout.md',
  'workspace-keyspace-migration-checklist.md',
  'tenant-filtered-retrieval-rollout.md',
] as const;

/** Where a threshold comes from: a reader can open the document at that section. */
export interface Source {
  document: string;
  section: string;
}

/**
 * A measured criterion: `metric op value` on the evidence of `check`. With `minSamples`, the
 * criterion never passes unless the same record's sample metric reaches the minimum, so a
 * pass on no data is impossible.
 */
export interface Criterion {
  id: string;
  check: CheckId;
  metric: string;
  op: Op;
  value: number;
  minSamples?: { metric: string; value: number };
  /** What the threshold means, in the rollout's words. */
  text: string;
  source: Source;
  /** Set by a config override: the plan's own threshold, shown beside the one applied. */
  overriddenFrom?: { value: number; minSamples?: number };
  /**
   * A latency ratio criterion (candidate/baseline ≤ value): judged by the load engine's own
   * judge, with the limit widened to an absolute floor of `floorMs` over the baseline quantile
   * in `baselineMetric`, exactly as `isogate load` judges it (the gate passes it these limits).
   */
  latency?: { floorMs: number; baselineMetric: string };
}

/** Typed form used by the presets: a check or metric name misspelt is a compile error. */
export interface TypedCriterion<C extends CheckId> extends Criterion {
  check: C;
  metric: MetricOf<C>;
  minSamples?: { metric: MetricOf<C>; value: number };
}

/** Something no harness can measure (a dashboard, an on-call rota): only a sign-off attests it. */
export interface ManualItem {
  id: string;
  text: string;
  source: Source;
}

/**
 * One command the gate runs to collect evidence, exactly as a user would type it after
 * `isogate` (the gate appends `--evidence-dir <dir>` and `--config <file>`). `produces` names the
 * checks whose evidence it must write; one it does not write is missing evidence.
 */
export interface CheckRun {
  id: string;
  argv: string[];
  produces: CheckId[];
}

/**
 * What a stage's load and drill checks run as candidate and compare it with, as arm specs
 * (`new:off`, `previous:off`, `new:allow=1`, `new:cohort=10`, `new:all`): the build and who has
 * the flag on, as the stage's document describes it.
 */
export interface StageArms {
  candidate: string;
  baseline: string;
  /** Why this comparison, in the document's words. */
  why: string;
}

export interface Stage {
  id: string;
  title: string;
  /** Traffic, duration, dates: what the document says the stage is. */
  summary: string;
  source: Source;
  /** ISO date before which the stage must not start (the tenant-header plan's strict mode). */
  notBefore?: string;
  /** Dates the document gives the stage, shown in reports. */
  window?: { from?: string; to?: string };
  runs: CheckRun[];
  criteria: Criterion[];
  manual: ManualItem[];
  /** The candidate and its comparison for the stage's load checks; absent: the config's own. */
  arms?: StageArms;
}

export interface StagePlan {
  id: string;
  title: string;
  document: string;
  stages: Stage[];
}
