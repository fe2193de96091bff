import fc from 'fast-check';
import { isLeakFindingError, type FindingClass } from './LeakFinding.js';
import type { IsolationScore } from './IsolationScore.js';
import { mayDependOnTiming, renderStory, storyLength } from './LeakStory.js';
import type { FailedRun, LeakScenario } from './StoreScenario.js';
import { reachLocalMinimum } from './LocalMinimum.js';
import { attributeByReplay, withReplayedCause } from './StepwiseAttribution.js';
import { TargetOutput, type TargetOutputSummary } from './TargetOutput.js';
import { FOCUS_RUNS, focusOf, type SearchFocus } from './SearchFocus.js';

export interface RunParams {
  readonly runs: number;
  readonly seed?: number;
  /** A counterexample path: with it, the run replays that counterexample exactly. */
  readonly path?: string;
  readonly replayPath?: string;
  readonly timeLimitMs?: number;
  /** Shrinking stops after this many re-runs or this long after the first failure. */
  readonly shrinkRuns?: number;
  readonly shrinkMs?: number;
  /**
   * A shrink candidate (or a replayed counterexample) that passes is run again, up to this many
   * times in all, before it counts as passing, when the failure being shrunk may depend on timing
   * (overlapping operations, flips, faults): a race may need a second chance to show, and without
   * one the long original would stand as the counterexample.
   */
  readonly shrinkAttempts?: number;
  /**
   * Classes to pass over: a replay of a later class's counterexample ignores the classes found
   * before it, as its search did.
   */
  readonly ignore?: readonly FindingClass[];
  /** Stop after the first counterexample instead of searching on for other classes. */
  readonly firstOnly?: boolean;
  /** Runs searched for another class after each counterexample (default: the rest of `runs`). */
  readonly runsAfterFinding?: number;
  /** The focus the replayed counterexample's round drew its stories around (see SearchFocus). */
  readonly focus?: SearchFocus;
  /** Called after every scenario run, for the CLI's progress line. */
  readonly onProgress?: (runsDone: number, operations: number) => void;
}

export interface LeakCounterexample {
  readonly seed: number;
  readonly path: string;
  readonly replayPath: string | undefined;
  readonly story: string[];
  readonly finding: FailedRun['finding'];
  readonly tenants: readonly string[];
  /** The interleaving of the shrunk counterexample: concurrent steps with their schedules. */
  readonly interleaving: string[];
  /** Operations (flips and faults included) in the shrunk counterexample. */
  readonly length: number;
  readonly commands: string;
  /** The Jepsen-style history of the shrunk run: invoke, then ok / fail / info. */
  readonly history: FailedRun['history'];
  readonly runsToFailure: number;
  readonly msToFirstFailure: number;
  readonly shrinks: number;
  /** Classes the search that found it passed over (found before it): a replay ignores them too. */
  readonly ignored: readonly FindingClass[];
  /** The focus of the round that found it, if it was a focused round: a replay draws around it too. */
  readonly focus?: SearchFocus;
  /**
   * The local-minimum check: each single operation and each tenant (with all its operations)
   * removed and replayed once, removals that still fail the same way adopted, until none does.
   */
  readonly minimality: {
    /** Single removals tried on the final story: `operations` + `tenants` when it is minimal. */
    readonly tried: number;
    readonly operations: number;
    readonly tenants: number;
    /** Replays of the check in all, adopted removals included. */
    readonly replays: number;
    /** Single removals adopted after shrinking (0: the shrunk counterexample was already minimal). */
    readonly removed: number;
    /** False when the replay budget ran out before no single removal failed any more. */
    readonly minimal: boolean;
    /** The story after the removals (empty when none was removed), and its length. */
    readonly story: readonly string[];
    readonly length: number;
  };
}

/** `counterexample` is the first found; `counterexamples` holds one per distinct class, in order found. */
export type LeakOutcome =
  | { status: 'pass' }
  | { status: 'fail'; counterexample: LeakCounterexample; counterexamples: readonly LeakCounterexample[] }
  | { status: 'error'; message: string };

export interface LeakResult {
  readonly target: string;
  readonly outcome: LeakOutcome;
  readonly seed: number;
  readonly runs: number;
  readonly operations: number;
  /** Operations of tenants only (flips and faults excluded): what opsPerSecond counts. */
  readonly tenantOperations: number;
  readonly unknownOutcomes: number;
  readonly keysChecked: number;
  readonly keyspaceViolations: number;
  readonly score: IsolationScore;
  readonly durationMs: number;
  readonly opsPerSecond: number;
  readonly space: Readonly<Record<string, unknown>>;
  /** What the target wrote to stdout/stderr during the search (captured, not streamed). */
  readonly targetOutput: TargetOutputSummary;
}

/** Retried shrink candidates after which retries stop unless one of them paid off. */
const RETRY_PROBATION = 3;

/** Runs one scenario: its leak finding, or undefined when it passed; anything else is thrown. */
async function findingOf<T>(scenario: LeakScenario<T>, value: T): Promise<unknown> {
  try {
    await scenario.property(value);
    return undefined;
  } catch (error) {
    if (!isLeakFindingError(error)) throw error;
    return error;
  }
}

function replayPathOf(counterexample: unknown): string | undefined {
  const text = fc.stringify(counterexample);
  return /replayPath="([^"]*)"/.exec(text)?.[1];
}

/**
 * Runs the model-based search of one opened scenario (module or HTTP target) and closes it;
 * never throws on a finding: a leak is an outcome, not an exception.
 */
export async function runLeakScenario<T>(target: string, scenario: LeakScenario<T>, params: RunParams): Promise<LeakResult> {
  const startedAt = Date.now();
  const seed = params.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const output = new TargetOutput();
  const onProgress = params.onProgress;
  const quiet: RunParams = onProgress === undefined ? params
    : { ...params, onProgress: (done, ops) => output.bypass(() => onProgress(done, ops)) };
  output.start();
  try {
    for (const c of params.ignore ?? []) scenario.filter.ignored.add(c);
    const found: LeakCounterexample[] = [];
    let error: string | undefined;
    let firstSeed: number | undefined;
    // Each counterexample's tenants and keys get one focused round (the same relation with other
    // operations, an id beside its relatives) before the open search goes on.
    const focuses: SearchFocus[] = params.focus === undefined ? [] : [params.focus];
    // After each counterexample, the search goes on (within the budget) for the next distinct class.
    for (let round = 0; ; round++) {
      const budgetLeft = params.runs - scenario.stats.searchRuns;
      const focus = scenario.focused === undefined ? undefined : focuses.shift();
      const afterFinding = round === 0 || found.every((c) => c.finding.class === 'functional') ? budgetLeft : Math.min(budgetLeft, params.runsAfterFinding ?? budgetLeft);
      const runsLeft = focus === undefined || params.path !== undefined ? afterFinding : Math.min(afterFinding, FOCUS_RUNS);
      const msLeft = params.timeLimitMs === undefined ? undefined : params.timeLimitMs - (Date.now() - startedAt);
      if (round > 0 && (runsLeft <= 0 || (msLeft !== undefined && msLeft <= 0))) break;
      const roundSeed = round === 0 ? seed : (seed + round * 0x9e3779b1) | 0;
      const arbitrary = focus === undefined ? scenario.arbitrary : (scenario.focused?.(focus) ?? scenario.arbitrary);
      const searched = await searchOnce(scenario, arbitrary, quiet, roundSeed, Math.max(1, runsLeft), msLeft, startedAt, focus);
      firstSeed ??= searched.seed;
      if (searched.status === 'pass') {
        // A focused round that found nothing hands the rest of the budget back to the open search.
        if (focus !== undefined && params.path === undefined) continue;
        break;
      }
      if (searched.status === 'error') { error = searched.message; break; }
      found.push(searched.counterexample);
      scenario.filter.ignored.add(searched.counterexample.finding.class);
      if (params.path !== undefined || params.firstOnly === true || params.runsAfterFinding === 0) break;
      if (searched.around !== undefined) focuses.push(searched.around);
    }
    const stats = scenario.stats;
    const first = found[0];
    const outcome: LeakOutcome = first !== undefined ? { status: 'fail', counterexample: first, counterexamples: found }
      : error !== undefined ? { status: 'error', message: error } : { status: 'pass' };
    const durationMs = Date.now() - startedAt;
    return {
      target, outcome, seed: firstSeed ?? seed, runs: stats.searchRuns, operations: stats.operations, tenantOperations: stats.tenantOperations,
      unknownOutcomes: stats.unknownOutcomes, keysChecked: stats.keysChecked, keyspaceViolations: stats.keyspaceViolations,
      score: stats.tally.score(), durationMs, opsPerSecond: durationMs > 0 ? (stats.tenantOperations * 1000) / durationMs : 0,
      space: scenario.space, targetOutput: output.summary(),
    };
  } finally {
    await scenario.close();
    await output.drain();
  }
}

type SearchOutcome =
  | { status: 'pass'; seed: number }
  | { status: 'fail'; seed: number; counterexample: LeakCounterexample; around: SearchFocus | undefined }
  | { status: 'error'; seed: number; message: string };

/**
 * One fast-check search (and its shrinking) for the first finding of a class not yet ignored.
 * Shrinking keeps that class: a smaller story that fails another way (a write lost to another
 * tenant's overwrite becomes a plain read leak once the victim's own write is removed) counts as
 * passing, so the counterexample shows the class its search found, and a class found in the
 * original story is not traded for one easier to reach.
 */
async function searchOnce<T>(scenario: LeakScenario<T>, arbitrary: fc.Arbitrary<T>, params: RunParams, seed: number, runs: number, msLeft: number | undefined, startedAt: number, focus: SearchFocus | undefined): Promise<SearchOutcome> {
  const ignored = [...scenario.filter.ignored];
  const runsBefore = scenario.stats.searchRuns;
  scenario.stats.firstFailureAt = undefined;
  scenario.lastFailure = undefined;
  const shrinkRuns = params.shrinkRuns ?? 300;
  const shrinkMs = params.shrinkMs ?? 5_000;
  let shrinkStarted: number | undefined;
  let shrinkCount = 0;
  const attempts = Math.max(1, params.shrinkAttempts ?? 3);
  const retried = { candidates: 0, rescues: 0 };
  let roundClass: FindingClass | undefined;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    if (params.path !== undefined) {
      // Replaying one counterexample: a race gets the same bounded second chances as in shrinking.
      for (let a = 1; a < attempts; a++) {
        const finding = await findingOf(scenario, value);
        if (finding !== undefined) throw finding;
      }
      await scenario.property(value);
      return;
    }
    if (scenario.stats.firstFailureAt === undefined) {
      const finding = await findingOf(scenario, value);
      params.onProgress?.(scenario.stats.searchRuns, scenario.stats.operations);
      if (isLeakFindingError(finding)) {
        roundClass = finding.finding.class;
        throw finding;
      }
      return;
    }
    // Shrinking. Budget spent: a candidate not run counts as passing, so the last failure stands.
    shrinkStarted ??= Date.now();
    // Extra tries only for a failure that may depend on timing, and only while they pay off: after
    // RETRY_PROBATION retried candidates none of which a retry turned into a failure, one try each.
    const retrying = scenario.lastFailure !== undefined && mayDependOnTiming(scenario.lastFailure)
      && (retried.candidates < RETRY_PROBATION || retried.rescues > 0);
    const tries = retrying ? attempts : 1;
    for (let a = 1; a <= tries; a++) {
      if (++shrinkCount > shrinkRuns || Date.now() - shrinkStarted > shrinkMs) return;
      const kept = scenario.lastFailure;
      const finding = await findingOf(scenario, value);
      if (a === 2) retried.candidates++;
      if (isLeakFindingError(finding) && roundClass !== undefined && finding.finding.class !== roundClass) {
        // Another class: this candidate does not reproduce the counterexample being shrunk.
        scenario.lastFailure = kept;
        continue;
      }
      if (finding !== undefined) {
        if (a > 1) retried.rescues++;
        throw finding;
      }
    }
  });
  const details = await fc.check(property, {
    numRuns: runs,
    seed,
    ...(params.path === undefined ? {} : { path: params.path, endOnFailure: true }),
    ...(msLeft === undefined ? {} : { interruptAfterTimeLimit: Math.max(1, msLeft) }),
  });
  if (!details.failed) return { status: 'pass', seed: details.seed };
  // Set by the property runs (reset above): what the shrunk counterexample left.
  const failure = scenario.lastFailure as FailedRun | undefined;
  if (!isLeakFindingError(details.errorInstance) || failure === undefined) {
    const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    return { status: 'error', seed: details.seed, message: `the target or its Redis failed outside any check: ${reason}` };
  }
  let shrunk = failure;
  let minimality: LeakCounterexample['minimality'] = { tried: 0, operations: 0, tenants: 0, replays: 0, removed: 0, minimal: false, story: [], length: storyLength(failure) };
  let around: SearchFocus | undefined;
  if (details.counterexample !== null && params.path === undefined) {
    const value = details.counterexample[0];
    const minimum = await reachLocalMinimum(scenario, value, failure);
    around = focusOf(minimum.failure, scenario.stepsOf?.(minimum.value));
    // The cause of a deletion or overwrite: found by replaying each printed story step by step.
    const attributed = async (story: T, run: FailedRun): Promise<FailedRun> =>
      ({ ...run, finding: withReplayedCause(run.finding, await attributeByReplay(scenario, story, run.finding, run.history)) });
    shrunk = await attributed(value, failure);
    const { tried, operations, tenants, replays, removed, minimal } = minimum;
    minimality = {
      tried, operations, tenants, replays, removed, minimal,
      story: removed === 0 ? [] : renderStory(await attributed(minimum.value, minimum.failure)), length: storyLength(minimum.failure),
    };
  }
  scenario.lastFailure = failure;
  return {
    status: 'fail',
    seed: details.seed,
    around,
    counterexample: {
      ...(focus === undefined ? {} : { focus }),
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      replayPath: replayPathOf(details.counterexample?.[0]),
      story: renderStory(shrunk),
      finding: shrunk.finding,
      tenants: failure.tenants,
      interleaving: failure.commands.replace(/\s*\/\*replayPath=.*?\*\//g, '')
        .split(/,(?=concurrently\[|[a-z]+\()/)
        .filter((c) => c.startsWith('concurrently')),
      length: storyLength(failure),
      commands: failure.commands,
      history: failure.history,
      runsToFailure: runsBefore + details.numRuns,
      msToFirstFailure: scenario.stats.firstFailureAt ?? (Date.now() - startedAt),
      shrinks: details.numShrinks,
      ignored,
      minimality,
    },
  };
}
