import fc from 'fast-check';
import { Redis } from 'ioredis';
import { deleteByPrefix } from '../../redis/index.js';
import { Findings, ScenarioViolation } from '../Findings.js';
import type { ScenarioOutcome } from '../ScenarioOutcome.js';
import type { CreateJobServiceTarget, JobServiceTarget } from '../ScenarioTargets.js';
import { FLAG_COMBINATIONS, JobHarness } from './JobHarness.js';
import { applyJobOperation, comboAt, jobOperationArb } from './jobOperations.js';
import { keysCommandCalls, verifyJobKeyspace, type KeyspaceCounts } from './verifyJobKeyspace.js';

export interface KeyspaceMigrationOptions {
  redisUrl: string;
  /** The run namespace; every job service the check opens lives under it. */
  namespace: string;
  createJobService: CreateJobServiceTarget;
  target?: string;
  faults?: readonly string[];
  /** Random migration histories after the exhaustive flag sweep. */
  runs: number;
  seed: number;
  workspaces?: readonly string[];
  maxOperations?: number;
  /** The exhaustive sweep before the random histories; off only to measure the histories alone. */
  sweep?: boolean;
}

const DEFAULT_WORKSPACES = ['ws-a', 'ws-b', 'ws-c'] as const;

/** A fresh service in its own namespace, whose keys are gone afterwards: SCAN cost stays flat across runs. */
async function withService<T>(o: KeyspaceMigrationOptions, redis: Redis, namespace: string, body: (s: JobServiceTarget) => Promise<T>): Promise<T> {
  const service = await o.createJobService({ redisUrl: o.redisUrl, namespace, ...(o.faults === undefined ? {} : { faults: o.faults }), flags: comboAt(0) });
  try {
    return await body(service);
  } finally {
    await service.close();
    await deleteByPrefix(redis, namespace);
  }
}

async function readEverything(h: JobHarness, workspaces: readonly string[]): Promise<void> {
  for (const combo of FLAG_COMBINATIONS) {
    await h.setFlags(combo);
    for (const ws of workspaces) {
      await h.list(ws);
      for (const id of h.model.jobs.keys()) await h.get(ws, id);
      await h.get(ws, 'no-such-job');
    }
  }
}

/**
 * Every flag combination, deterministically: jobs created under each of the eight, read and
 * listed from every workspace under each of the eight, before and after a backfill.
 */
async function sweep(o: KeyspaceMigrationOptions, redis: Redis, findings: Findings, workspaces: readonly string[]): Promise<{ operations: number; counts: KeyspaceCounts }> {
  const ns = `${o.namespace}:sweep`;
  return withService(o, redis, ns, async (service) => {
    const h = new JobHarness(service, comboAt(0), (kind, message) => findings.add(kind, message));
    await h.setFlags(comboAt(0));
    for (const combo of FLAG_COMBINATIONS) {
      await h.setFlags(combo);
      for (const ws of workspaces) await h.create(ws);
    }
    const [firstWs] = workspaces;
    if (firstWs !== undefined) await h.create(firstWs, 'req-0');
    await readEverything(h, workspaces);
    await h.backfill();
    const verification = await verifyJobKeyspace(redis, ns, h.model);
    for (const m of verification.mismatches) findings.add('backfill', m);
    await readEverything(h, workspaces);
    return { operations: h.operations, counts: verification.counts };
  });
}

/**
 * The keyspace-migration check: no read or list returns another workspace's job,
 * nothing acknowledged is lost, read-path telemetry agrees with the path each read had to take,
 * the backfill is exact and workspace-consistent, and nothing calls KEYS.
 */
export async function checkKeyspaceMigration(o: KeyspaceMigrationOptions): Promise<ScenarioOutcome<'keyspace-migration'>> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const workspaces = o.workspaces ?? DEFAULT_WORKSPACES;
  const findings = new Findings();
  const redis = new Redis(o.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    const keysBefore = await keysCommandCalls(redis);
    const swept = o.sweep === false ? { operations: 0, counts: undefined } : await sweep(o, redis, findings, workspaces);
    let operations = swept.operations;
    let run = 0;
    const histories = fc.tuple(fc.nat({ max: FLAG_COMBINATIONS.length - 1 }), fc.array(jobOperationArb(workspaces.length), { minLength: 1, maxLength: o.maxOperations ?? 24, size: 'max' }));
    const property = fc.asyncProperty(histories, async ([initial, ops]) => {
      const ns = `${o.namespace}:p${run++}`;
      await withService(o, redis, ns, async (service) => {
        const h = new JobHarness(service, comboAt(initial), (kind, message) => { throw new ScenarioViolation(kind, message); });
        await h.setFlags(comboAt(initial));
        for (const op of ops) await applyJobOperation(h, op, workspaces);
        operations += h.operations;
        const verification = await verifyJobKeyspace(redis, ns, h.model);
        const [first] = verification.mismatches;
        if (first !== undefined) throw new ScenarioViolation('backfill', first);
      });
    });
    // Shrinking costs seconds; it pays only when the sweep has not already shown the fault.
    const result = await fc.check(property, { numRuns: o.runs, seed: o.seed, endOnFailure: findings.total > 0 });
    let counterexample: Record<string, unknown> | undefined;
    if (result.failed) {
      const error = result.errorInstance;
      const kind = error instanceof ScenarioViolation ? error.kind : 'unexpected';
      findings.add(kind, `property: ${error instanceof Error ? error.message : String(error)}`);
      counterexample = {
        seed: result.seed, path: result.counterexamplePath, initialFlags: result.counterexample?.[0][0], operations: result.counterexample?.[0][1],
        error: error instanceof Error ? error.message : String(error),
        replay: `fc.assert(property, { seed: ${result.seed}, path: ${JSON.stringify(result.counterexamplePath)} })`,
      };
    }
    const keysCommands = (await keysCommandCalls(redis)) - keysBefore;
    if (keysCommands > 0) findings.add('keys', `INFO commandstats counted ${keysCommands} KEYS call(s); the checklist requires SCAN`);
    const metrics = {
      leaks: findings.count('leak'), lostJobs: findings.count('lost'), metricMismatches: findings.count('metric'),
      keysCommands, backfillMismatches: findings.count('backfill'), runs: result.numRuns + 1,
      modelViolations: findings.count('unexpected'), operations, flagCombinations: FLAG_COMBINATIONS.length,
    };
    const details = { findings: findings.list(), counterexample, backfillCounts: swept.counts, workspaces, faults: o.faults ?? [] };
    const base = { check: 'keyspace-migration' as const, target: o.target ?? 'reference-service', metrics, details, seed: o.seed, startedAt, durationMs: Date.now() - started };
    if (findings.total === 0) return { ...base, status: 'pass' };
    return { ...base, status: 'fail', summary: findings.list().slice(0, 3).map((f) => `${f.kind}: ${f.message}`).join('; ') };
  } finally {
    redis.disconnect();
  }
}
