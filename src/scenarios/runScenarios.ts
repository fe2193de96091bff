import { writeEvidence, type Evidence } from '../evidence/index.js';
import { openRunNamespace, startRedis, type RunningRedis } from '../redis/index.js';
import { checkTenantHeader } from './header/checkTenantHeader.js';
import { checkKeyspaceMigration } from './keyspace/checkKeyspaceMigration.js';
import { checkTenantRetrieval } from './retrieval/checkTenantRetrieval.js';
import type { ScenarioId, ScenarioOutcome } from './ScenarioOutcome.js';
import { scenariosConfigSchema, type ScenariosConfig } from './ScenariosConfig.js';
import type { ScenarioTargets } from './ScenarioTargets.js';

export interface RunScenariosOptions {
  scenarios: readonly ScenarioId[];
  targets: ScenarioTargets;
  config?: ScenariosConfig;
  seed: number;
  /** Overrides keyspaceMigration.runs. */
  runs?: number;
  faults?: readonly string[];
  /** Written when given: one record per scenario. */
  evidenceDir?: string;
  env?: NodeJS.ProcessEnv;
  onProgress?: (line: string) => void;
}

export interface ScenarioRun {
  outcome: ScenarioOutcome;
  evidencePath?: string;
}

export function toEvidence(outcome: ScenarioOutcome): Evidence {
  const details = outcome.status === 'fail' ? { summary: outcome.summary, ...outcome.details } : outcome.details;
  return {
    check: outcome.check, target: outcome.target, status: outcome.status, metrics: { ...outcome.metrics }, details,
    seed: outcome.seed, startedAt: outcome.startedAt, durationMs: outcome.durationMs, artifacts: [],
  };
}

async function withRedis<T>(owned: boolean, env: NodeJS.ProcessEnv | undefined, body: (redis: RunningRedis) => Promise<T>): Promise<T> {
  const redis = await startRedis({ ...(env === undefined ? {} : { env }), requireOwned: owned });
  try {
    return await body(redis);
  } finally {
    await redis.stop();
  }
}

async function runOne(id: ScenarioId, o: RunScenariosOptions, config: ScenariosConfig): Promise<ScenarioOutcome> {
  const faults = o.faults === undefined ? {} : { faults: o.faults };
  const target = o.targets.name;
  switch (id) {
    case 'keyspace-migration':
      return withRedis(false, o.env, async (redis) => {
        await using ns = await openRunNamespace(redis);
        const k = config.keyspaceMigration;
        // `return await`: the namespace is disposed when this block exits, so the check must be done by then.
        return await checkKeyspaceMigration({
          redisUrl: redis.url, namespace: ns.prefix, createJobService: o.targets.createJobService, target, ...faults,
          runs: o.runs ?? k.runs, seed: o.seed, workspaces: k.workspaces, maxOperations: k.maxOperations,
        });
      });
    case 'tenant-header':
      return checkTenantHeader({ startTenantGateway: o.targets.startTenantGateway, target, ...faults, seed: o.seed, concurrency: config.tenantHeader.concurrency });
    case 'tenant-retrieval':
      // The fallback phase stops the store, so this Redis is always one isogate owns.
      return withRedis(true, o.env, async (redis) => {
        const ns = await openRunNamespace(redis);
        return await checkTenantRetrieval({
          startRetrievalService: o.targets.startRetrievalService, redisUrl: redis.url, namespace: ns.prefix,
          stopStore: async () => { await redis.stop(); }, target, ...faults, seed: o.seed, ...config.tenantRetrieval,
        });
      });
  }
}

/** Runs the named scenario checks one after the other and writes their evidence. */
export async function runScenarios(o: RunScenariosOptions): Promise<ScenarioRun[]> {
  const config = o.config ?? scenariosConfigSchema.parse({});
  const runs: ScenarioRun[] = [];
  for (const id of o.scenarios) {
    o.onProgress?.(`scenario ${id}: running (seed ${o.seed})`);
    const outcome = await runOne(id, o, config);
    const evidencePath = o.evidenceDir === undefined ? undefined : await writeEvidence(o.evidenceDir, toEvidence(outcome));
    o.onProgress?.(`scenario ${id}: ${outcome.status.toUpperCase()} in ${outcome.durationMs} ms`);
    runs.push(evidencePath === undefined ? { outcome } : { outcome, evidencePath });
  }
  return runs;
}
