import fc from 'fast-check';
import { Redis } from 'ioredis';
import {
  countOtherClients, dropClientConnections, hasRedisServerBinary, startRedis, startRestartableRedis,
  type RestartableRedis, type RunningRedis,
} from '../redis/index.js';
import type { StoreEnv } from '../targets/index.js';
import type { FlagControl } from './FlagControl.js';
import { HttpRun, type HttpResource } from './HttpRun.js';
import { httpStepArbitrary, type HttpStepSpace, type HttpStepValue } from './HttpStep.js';
import { ObservationTally } from './IsolationScore.js';
import type { KeyspaceOf, KeyspaceReport } from './KeyspaceCheck.js';
import { checkRunKeyspace, raiseRunKeyspace } from './RunKeyspace.js';
import { FindingFilter, isLeakFindingError } from './LeakFinding.js';
import { cleanupRun } from './RunCleanup.js';
import { awaitReconnect } from './awaitReconnect.js';
import { emptyScenarioStats, recordSearchRun, type ScenarioStats } from './ScenarioStats.js';
import type { StoreBudget, LeakScenario } from './StoreScenario.js';
import type { RedisFault } from './StoreStep.js';
import { operationRemovals, unwrapCommand } from './StoryReductions.js';
import { tenantLabel } from './tenantLabel.js';
import { runCommands } from './WatchedRun.js';

export interface StartedService {
  readonly url: string;
  close(): Promise<void>;
}

/** An HTTP target as the engine sees it: a running base URL, or a service it starts per run. */
export interface HttpTarget {
  readonly name: string;
  readonly baseUrl: string | undefined;
  readonly start: ((env: StoreEnv) => Promise<StartedService>) | undefined;
  readonly tenants: ReadonlyArray<{ readonly id: string; readonly headers: Readonly<Record<string, string>> }>;
  readonly resources: readonly HttpResource[];
  readonly denyStatuses: readonly number[];
  /** Joins the run namespace's parts (default ':'). */
  readonly separator?: string;
  readonly spoofHeaders: readonly string[];
  readonly exact: boolean;
  /** The user's declared key space; undefined: only the run namespace and shared storage are checked. */
  readonly keyspace: KeyspaceOf | undefined;
  readonly flags: FlagControl | undefined;
}

class HttpCommand implements fc.AsyncCommand<object, HttpRun> {
  constructor(readonly step: HttpStepValue) {}
  check(): boolean { return true; }
  run(_m: object, real: HttpRun): Promise<void> { return real.execute(this.step); }
  toString(): string {
    const op = (o: { kind: string; tenant: number; resource: number; spoof: unknown }): string =>
      `${o.kind}(${tenantLabel(o.tenant)}, r${o.resource}${o.spoof === null ? '' : ', spoofed'})`;
    switch (this.step.kind) {
      case 'op': return op(this.step.op);
      case 'concurrent': return `concurrently[${this.step.ops.map(op).join(' ‖ ')}] schedule=${JSON.stringify(this.step.schedule)}`;
      case 'flip': return `flip(${this.step.flag}, ${this.step.on ? 'on' : 'off'}, ${this.step.tenant === null ? 'all' : tenantLabel(this.step.tenant)})`;
      case 'fault': return `fault(${this.step.fault})`;
    }
  }
}

export type HttpScenarioValue = Iterable<fc.AsyncCommand<object, HttpRun, boolean>>;

function isRestartable(redis: RunningRedis): redis is RestartableRedis {
  return typeof (redis as Partial<RestartableRedis>).restart === 'function';
}

/**
 * HTTP scenarios: tenants with their credentials create, read, list and delete resources (some
 * requests with a spoofed tenant header), concurrently in drawn interleavings; after each run
 * every live id is replayed with every other tenant's credentials. A `start` target gets a fresh
 * service, namespace and (owned) Redis state per run, so a counterexample replays exactly.
 */
export async function openHttpScenario(target: HttpTarget, budget: StoreBudget, options: { replayPath?: string } = {}): Promise<LeakScenario<HttpScenarioValue>> {
  const started = target.start;
  const redis = started === undefined ? undefined
    : budget.faults && hasRedisServerBinary() ? await startRestartableRedis() : await startRedis({ requireOwned: true });
  const admin = redis === undefined ? undefined : new Redis(redis.url, { maxRetriesPerRequest: 20 });
  admin?.on('error', () => undefined);
  const faults: RedisFault[] = redis === undefined || !budget.faults ? [] : isRestartable(redis) ? ['drop', 'restart'] : ['drop'];
  const space: HttpStepSpace = {
    spoofing: target.spoofHeaders.length > 0,
    clearing: target.resources.some((r) => r.clear !== undefined),
    flags: budget.flips && started !== undefined ? (target.flags?.flags.length ?? 0) : 0,
    faults,
    concurrency: budget.concurrency,
  };
  const stats: ScenarioStats = emptyScenarioStats();
  const sep = target.separator ?? ':';
  const base = `isogate${sep}${Math.random().toString(16).slice(2, 10)}`;
  const inject = async (fault: RedisFault): Promise<void> => {
    if (admin === undefined || redis === undefined) return;
    const before = await countOtherClients(admin);
    if (fault === 'drop') await dropClientConnections(admin);
    else if (isRestartable(redis)) await redis.restart();
    await awaitReconnect(admin, before, 2_000);
  };
  const startedAt = Date.now();
  const scenario: LeakScenario<HttpScenarioValue> = {
    arbitrary: fc.commands([httpStepArbitrary(space).map((s) => new HttpCommand(s))], {
      maxCommands: budget.maxCommands,
      size: 'medium',
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    }),
    space: { ...space, resources: target.resources.map((r) => r.name), tenants: target.tenants.map((t) => t.id) },
    stats,
    lastFailure: undefined,
    // The tenants are the configured credentials: only operations are removed.
    reductions: (commands) => operationRemovals<HttpStepValue, HttpCommand>([...commands].map((c) => unwrapCommand(c as HttpCommand)), (s) => new HttpCommand(s))
      .map((value) => ({ removes: 'operation' as const, value })),
    filter: new FindingFilter(),
    property: async (commands) => {
      const run = ++stats.runs;
      // Only the search counts toward the score and tallies; shrinking re-runs the same failure.
      const searching = stats.firstFailureAt === undefined;
      const tally = new ObservationTally();
      let keysChecked = 0;
      let keyspaceViolations = 0;
      let report: KeyspaceReport | undefined;
      const namespace = `${base}${sep}r${run}`;
      const service = started === undefined || redis === undefined ? undefined : await started({ redisUrl: redis.url, namespace });
      const baseUrl = service?.url ?? target.baseUrl ?? '';
      const flags = service !== undefined && redis !== undefined && space.flags > 0 && target.flags !== undefined
        ? target.flags.bind(redis.url, namespace, service) : undefined;
      const real = new HttpRun({
        baseUrl, tenants: target.tenants, resources: target.resources, denyStatuses: target.denyStatuses,
        spoofHeaders: target.spoofHeaders, exact: target.exact, run,
        flags: flags === undefined || target.flags === undefined ? undefined : { names: target.flags.flags, set: flags.set },
        inject: faults.length === 0 ? undefined : inject, tally, opTimeoutMs: budget.opTimeoutMs, filter: scenario.filter,
      });
      try {
        await runCommands(() => ({ model: {}, real }), commands, scenario.watch);
        await real.sweep();
        if (admin !== undefined) {
          // The same check as a module run's: the engine started this Redis, so a key outside `base`
          // (but the flag keys the engine names) is the service's.
          const checked = await checkRunKeyspace({
            admin, root: base, namespace, run, tenants: target.tenants.map((t) => t.id), keyspace: target.keyspace, tally,
            ...(flags?.written === undefined ? {} : { exempt: flags.written }),
          });
          ({ report, keysChecked, keyspaceViolations } = checked);
          raiseRunKeyspace(checked, scenario.filter);
        }
      } catch (error) {
        stats.firstFailureAt ??= Date.now() - startedAt;
        if (isLeakFindingError(error)) {
          scenario.lastFailure = {
            run, tenants: target.tenants.map((t) => t.id), slots: [], finding: error.finding,
            history: [...real.history.entries], steps: real.steps, commands: String(commands),
          };
        }
        throw error;
      } finally {
        if (searching) recordSearchRun(stats, { history: real.history, keysChecked, keyspaceViolations, tally });
        await flags?.close();
        await service?.close().catch(() => undefined);
        // After the service is closed: nothing of this run writes any more.
        if (admin !== undefined) await cleanupRun(admin, namespace, report).catch(() => undefined);
      }
    },
    close: async () => {
      admin?.disconnect();
      await redis?.stop();
    },
  };
  return scenario;
}
