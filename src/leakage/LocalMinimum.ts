import { isLeakFindingError } from './LeakFinding.js';
import type { FailedRun, LeakScenario } from './StoreScenario.js';

/** Replays of the local-minimum check, in all: each is a run of a short story. */
const MINIMUM_REPLAYS = 200;

export interface LocalMinimum<T> {
  /** The story the check ended on, and its last failing run (the shrunk one when none was removed). */
  readonly value: T;
  readonly failure: FailedRun;
  /** Single removals adopted (0: the shrunk story was already a local minimum). */
  readonly removed: number;
  /** Single removals tried on the final story: one per operation and per tenant (when `minimal`). */
  readonly tried: number;
  readonly operations: number;
  readonly tenants: number;
  /** Replays the check ran in all, adopted removals included. */
  readonly replays: number;
  /** True when every single removal of the final story was tried and none failed the same way. */
  readonly minimal: boolean;
}

/** Runs one story: its leak finding, or undefined when it passed (or failed outside any check). */
async function findingOf<T>(scenario: LeakScenario<T>, value: T): Promise<unknown> {
  try {
    await scenario.property(value);
    return undefined;
  } catch (error) {
    return isLeakFindingError(error) ? error : undefined;
  }
}

/**
 * Takes a shrunk story to a local minimum: each single removal (each operation, and each tenant
 * with all its operations) is replayed once; one that still fails with the same class is adopted
 * and the pass starts over on the smaller story, until a full pass adopts none (or the replay
 * budget runs out). fast-check's shrinking removes runs of commands, not one operation of a
 * concurrent group or one tenant with all it did: this pass does.
 */
export async function reachLocalMinimum<T>(scenario: LeakScenario<T>, value: T, failure: FailedRun): Promise<LocalMinimum<T>> {
  let current = value;
  let best = failure;
  let removed = 0;
  let replays = 0;
  for (;;) {
    const reductions = scenario.reductions?.(current) ?? [];
    const operations = reductions.filter((r) => r.removes === 'operation').length;
    const tenants = reductions.length - operations;
    let adopted = false;
    let tried = 0;
    for (const reduction of reductions) {
      if (replays >= MINIMUM_REPLAYS) {
        scenario.lastFailure = best;
        return { value: current, failure: best, removed, tried, operations, tenants, replays, minimal: false };
      }
      replays++;
      tried++;
      const finding = await findingOf(scenario, reduction.value);
      const last = scenario.lastFailure;
      if (isLeakFindingError(finding) && finding.finding.class === failure.finding.class && last !== undefined) {
        current = reduction.value;
        best = last;
        removed++;
        adopted = true;
        break;
      }
    }
    if (!adopted) {
      scenario.lastFailure = best;
      return { value: current, failure: best, removed, tried, operations, tenants, replays, minimal: true };
    }
  }
}
