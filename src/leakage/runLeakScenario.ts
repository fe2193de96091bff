import fc from 'fast-check';
import { isLeakFindingError } from './LeakFinding.js';
import type { IsolationScore } from './IsolationScore.js';
import { renderStory, storyLength } from './LeakStory.js';
import type { FailedRun, LeakScenario } from './StoreScenario.js';

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
}

export type LeakOutcome =
  | { status: 'pass' }
  | { status: 'fail'; counterexample: LeakCounterexample }
  | { status: 'error'; message: string };

export interface LeakResult {
  readonly target: string;
  readonly outcome: LeakOutcome;
  readonly seed: number;
  readonly runs: number;
  readonly operations: number;
  readonly unknownOutcomes: number;
  readonly keysChecked: number;
  readonly keyspaceViolations: number;
  readonly score: IsolationScore;
  readonly durationMs: number;
  readonly opsPerSecond: number;
  readonly space: Readonly<Record<string, unknown>>;
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
  try {
    const shrinkRuns = params.shrinkRuns ?? 300;
    const shrinkMs = params.shrinkMs ?? 5_000;
    let shrinkStarted: number | undefined;
    let shrinkCount = 0;
    const property = fc.asyncProperty(scenario.arbitrary, async (value) => {
      if (scenario.stats.firstFailureAt !== undefined && params.path === undefined) {
        // Budget spent: a candidate not run counts as passing, so the last failure stands as the counterexample.
        shrinkStarted ??= Date.now();
        if (++shrinkCount > shrinkRuns || Date.now() - shrinkStarted > shrinkMs) return;
      }
      await scenario.property(value);
      if (scenario.stats.firstFailureAt === undefined) params.onProgress?.(scenario.stats.searchRuns, scenario.stats.operations);
    });
    const details = await fc.check(property, {
      numRuns: params.runs,
      seed,
      ...(params.path === undefined ? {} : { path: params.path, endOnFailure: true }),
      ...(params.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: params.timeLimitMs }),
    });
    const stats = scenario.stats;
    let outcome: LeakOutcome = { status: 'pass' };
    if (details.failed) {
      const failure = scenario.lastFailure;
      if (!isLeakFindingError(details.errorInstance) || failure === undefined) {
        const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        outcome = { status: 'error', message: `the target or its Redis failed outside any check: ${reason}` };
      } else {
        outcome = {
          status: 'fail',
          counterexample: {
            seed: details.seed,
            path: details.counterexamplePath ?? '',
            replayPath: replayPathOf(details.counterexample?.[0]),
            story: renderStory(failure),
            finding: failure.finding,
            tenants: failure.tenants,
            interleaving: failure.commands.replace(/\s*\/\*replayPath=.*?\*\//g, '')
              .split(/,(?=concurrently\[|[a-z]+\()/)
              .filter((c) => c.startsWith('concurrently')),
            length: storyLength(failure),
            commands: failure.commands,
            history: failure.history,
            runsToFailure: details.numRuns,
            msToFirstFailure: stats.firstFailureAt ?? 0,
            shrinks: details.numShrinks,
          },
        };
      }
    }
    const durationMs = Date.now() - startedAt;
    return {
      target, outcome, seed: details.seed, runs: stats.searchRuns, operations: stats.operations,
      unknownOutcomes: stats.unknownOutcomes, keysChecked: stats.keysChecked, keyspaceViolations: stats.keyspaceViolations,
      score: stats.tally.score(), durationMs, opsPerSecond: durationMs > 0 ? (stats.operations * 1000) / durationMs : 0,
      space: scenario.space,
    };
  } finally {
    await scenario.close();
  }
}
