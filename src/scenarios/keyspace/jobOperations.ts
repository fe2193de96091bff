import fc from 'fast-check';
import type { JobFlagSet } from '../ScenarioTargets.js';
import { FLAG_COMBINATIONS, flagText, type JobHarness } from './JobHarness.js';

/** One step of a random migration history; indices are resolved against what exists when it runs. */
export type JobOperation =
  | { op: 'flags'; combo: number }
  | { op: 'create'; ws: number; request: number }
  | { op: 'get'; ws: number; job: number }
  | { op: 'getUnknown'; ws: number }
  | { op: 'list'; ws: number }
  | { op: 'backfill' };

export function jobOperationArb(workspaces: number): fc.Arbitrary<JobOperation> {
  const ws = fc.nat({ max: workspaces - 1 });
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ op: fc.constant('flags' as const), combo: fc.nat({ max: FLAG_COMBINATIONS.length - 1 }) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), ws, request: fc.nat({ max: 7 }) }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('get' as const), ws, job: fc.nat({ max: 63 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('getUnknown' as const), ws }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('list' as const), ws }) },
    { weight: 2, arbitrary: fc.constant({ op: 'backfill' as const }) },
  );
}

export function comboAt(i: number): JobFlagSet {
  return FLAG_COMBINATIONS[i % FLAG_COMBINATIONS.length] ?? FLAG_COMBINATIONS[0]!;
}

/** Runs one step; returns the line of the story a failure prints. */
export async function applyJobOperation(h: JobHarness, op: JobOperation, workspaces: readonly string[]): Promise<string> {
  const wsOf = (i: number): string => workspaces[i % workspaces.length] ?? 'ws';
  const jobs = [...h.model.jobs.keys()];
  switch (op.op) {
    case 'flags': {
      await h.setFlags(comboAt(op.combo));
      return `flags ${flagText(comboAt(op.combo))}`;
    }
    case 'create': {
      const id = await h.create(wsOf(op.ws), `r${op.request}`);
      return `${wsOf(op.ws)} create request r${op.request} -> ${id}`;
    }
    case 'get': {
      const id = jobs[op.job % Math.max(1, jobs.length)];
      if (id === undefined) return 'get (no job yet)';
      await h.get(wsOf(op.ws), id);
      return `${wsOf(op.ws)} get ${id} (owned by ${h.model.owner(id)})`;
    }
    case 'getUnknown': {
      await h.get(wsOf(op.ws), 'no-such-job');
      return `${wsOf(op.ws)} get no-such-job`;
    }
    case 'list': {
      await h.list(wsOf(op.ws));
      return `${wsOf(op.ws)} list`;
    }
    case 'backfill': {
      await h.backfill();
      return 'backfill';
    }
  }
}
