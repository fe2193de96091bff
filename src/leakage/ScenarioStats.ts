import { ObservationTally } from './IsolationScore.js';

export interface ScenarioStats {
  /** Every property run, shrinking included. */
  runs: number;
  /** Runs of the search: up to and including the first failure. */
  searchRuns: number;
  operations: number;
  /** Operations of tenants only (flips and faults excluded). */
  tenantOperations: number;
  unknownOutcomes: number;
  keysChecked: number;
  keyspaceViolations: number;
  firstFailureAt: number | undefined;
  readonly tally: ObservationTally;
}

export function emptyScenarioStats(): ScenarioStats {
  return {
    runs: 0, searchRuns: 0, operations: 0, tenantOperations: 0, unknownOutcomes: 0, keysChecked: 0, keyspaceViolations: 0,
    firstFailureAt: undefined, tally: new ObservationTally(),
  };
}

export interface RunCounts {
  history: { operations: number; tenantOperations: number; unknownOutcomes: number };
  keysChecked: number;
  keyspaceViolations: number;
  tally: ObservationTally;
}

/** Adds one run of the search (not of shrinking) to the totals the evidence reports. */
export function recordSearchRun(stats: ScenarioStats, run: RunCounts): void {
  stats.searchRuns++;
  stats.operations += run.history.operations;
  stats.tenantOperations += run.history.tenantOperations;
  stats.unknownOutcomes += run.history.unknownOutcomes;
  stats.keysChecked += run.keysChecked;
  stats.keyspaceViolations += run.keyspaceViolations;
  stats.tally.observations += run.tally.observations;
  stats.tally.leaking += run.tally.leaking;
}
