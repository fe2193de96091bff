import type { Redis } from 'ioredis';
import type { ObservationTally } from './IsolationScore.js';
import { checkKeyspace, raiseKeyspace, type KeyspaceOf, type KeyspaceReport } from './KeyspaceCheck.js';
import type { FindingFilter } from './LeakFinding.js';

export interface RunKeyspaceInput {
  /** A connection to the Redis the engine started for this target (nothing else writes there). */
  readonly admin: Redis;
  /** The prefix of every namespace the engine hands out on that Redis (`isogate<sep><id>`). */
  readonly root: string;
  readonly namespace: string;
  readonly run: number;
  readonly tenants: readonly string[];
  readonly keyspace: KeyspaceOf | undefined;
  /** Keys the engine itself wrote outside the root (flag keys a config's templates name). */
  readonly exempt?: ReadonlySet<string>;
  readonly tally: ObservationTally;
}

export interface RunKeyspaceOutcome {
  readonly report: KeyspaceReport;
  readonly keysChecked: number;
  readonly keyspaceViolations: number;
}

/**
 * The keyspace half of every run's skeleton, module or HTTP alike: after the run, on the Redis
 * the engine owns, every key holding a token lies in the run namespace (and the declared key
 * space), no key holds two tenants' tokens, and nothing lies outside the engine's root but what
 * the engine wrote itself: a key there is the target's (a registry or index it keeps at the root
 * of the database, where every deployment sharing it meets), token or not. The run's keys are
 * unlinked in the same round trip; `raiseRunKeyspace` then raises a finding through the class filter.
 */
export async function checkRunKeyspace(input: RunKeyspaceInput): Promise<RunKeyspaceOutcome> {
  const report = await checkKeyspace({
    redis: input.admin, namespace: input.namespace, dropNamespace: true, run: input.run, tenants: input.tenants,
    keyspace: input.keyspace, root: input.root, ...(input.exempt === undefined ? {} : { exempt: input.exempt }),
  });
  for (let i = 0; i < report.keysWithTokens; i++) input.tally.observe(1, i < report.violations.length ? 1 : 0);
  return { report, keysChecked: report.keysWithTokens, keyspaceViolations: report.violations.length };
}

/** Raises the run's first keyspace finding of a class not yet reported (after the caller kept the report for cleanup). */
export function raiseRunKeyspace(outcome: RunKeyspaceOutcome, filter: FindingFilter): void {
  raiseKeyspace(outcome.report, filter);
}
