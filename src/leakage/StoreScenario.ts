import fc from 'fast-check';
import { Redis } from 'ioredis';
import {
  countOtherClients, dropClientConnections, hasRedisServerBinary, startRedis, startRestartableRedis,
  type RestartableRedis, type RunningRedis,
} from '../redis/index.js';
import type { StoreEnv, TenantStore } from '../targets/index.js';
import type { FlagControl } from './FlagControl.js';
import type { HistoryEntry } from './History.js';
import { ObservationTally } from './IsolationScore.js';
import type { KeyspaceOf, KeyspaceReport } from './KeyspaceCheck.js';
import { checkRunKeyspace, raiseRunKeyspace } from './RunKeyspace.js';
import { FindingFilter, isLeakFindingError, type LeakFinding } from './LeakFinding.js';
import { StoreCommand } from './StoreCommand.js';
import { StoreModel } from './StoreModel.js';
import { awaitReconnect } from './awaitReconnect.js';
import { cleanupRun } from './RunCleanup.js';
import { StorePool } from './StorePool.js';
import { StoreRun } from './StoreRun.js';
import { emptyScenarioStats, recordSearchRun, type ScenarioStats } from './ScenarioStats.js';
import { storeReductions, unwrapCommand, type Reduction, type StoreStory } from './StoryReductions.js';
import { runCommands, type ReplayWatch } from './WatchedRun.js';
import { stepArbitrary, type OpKind, type RedisFault, type StepSpace, type StoreStep } from './StoreStep.js';
import { ID_RELATIONS, relationOfRule, type RelationRule } from './IdRelations.js';
import {
  anchored, applyJoin, extensionJoin, focusedSlotsArbitrary, focusedTenantsArbitrary, joinArbitrary, keySlotsArbitrary, tenantsArbitrary,
  type IdSpace, type Join, type KeySlot,
} from './TenantSpace.js';
import type { SearchFocus } from './SearchFocus.js';
import { crossProbeArbitrary, relationSweepArbitrary } from './RelationSweep.js';
import { siblingCensusArbitrary } from './SiblingCensus.js';

/** A module target as the engine sees it, whatever config it came from. */
export interface StoreTarget {
  readonly name: string;
  readonly createStore: (env: StoreEnv) => Promise<TenantStore>;
  readonly tenantSpace: IdSpace;
  readonly keySpace: IdSpace;
  /** Values the target accepts; undefined pattern: well-formed Unicode. */
  readonly valueSpace?: IdSpace;
  /** Joins the run namespace's parts (default ':'). */
  readonly separator?: string;
  /** Relations the config adds to the catalogue (regular expression replacements). */
  readonly relations?: readonly RelationRule[];
  readonly exact: boolean;
  /** The user's declared key space; undefined: only the run namespace and shared storage are checked. */
  readonly keyspace: KeyspaceOf | undefined;
  readonly flags: FlagControl | undefined;
}

export interface StoreBudget {
  readonly maxCommands: number;
  readonly minTenants: number;
  readonly maxTenants: number;
  readonly flips: boolean;
  readonly faults: boolean;
  readonly concurrency: boolean;
  readonly opTimeoutMs: number;
}

/** The run that failed last: after fast-check's shrinking, the shrunk counterexample. */
export interface FailedRun {
  readonly run: number;
  readonly tenants: readonly string[];
  readonly slots: readonly KeySlot[];
  readonly finding: LeakFinding;
  readonly history: readonly HistoryEntry[];
  readonly steps: number;
  readonly commands: string;
}

export type { ScenarioStats } from './ScenarioStats.js';

/**
 * What the runner (and a user's `test.prop`) needs: one arbitrary, one async predicate, the
 * tallies, and the last failing run (after shrinking: the counterexample).
 */
export interface LeakScenario<T> {
  readonly arbitrary: fc.Arbitrary<T>;
  readonly property: (value: T) => Promise<void>;
  readonly space: Readonly<Record<string, unknown>>;
  readonly stats: ScenarioStats;
  lastFailure: FailedRun | undefined;
  /** Every value with one operation (or one tenant) removed: what the local-minimum check replays. */
  readonly reductions?: (value: T) => Array<Reduction<T>>;
  /** Set by a step-by-step attribution replay: the property then reads the victim's data after each step. */
  watch?: ReplayWatch | undefined;
  /** Classes already reported: later searches pass over them to find the next distinct class. */
  readonly filter: FindingFilter;
  /** Stories drawn around a counterexample's tenants and keys (module targets; see SearchFocus). */
  readonly focused?: (focus: SearchFocus) => fc.Arbitrary<T>;
  /** A story's steps, for its focus (module targets). */
  readonly stepsOf?: (value: T) => readonly unknown[];
  close(): Promise<void>;
}

/**
 * Commands first: fast-check shrinks a tuple's items in order, and shorter command lists make
 * every later candidate (tenants, key slots) cheap to run, and to re-run (shrinkAttempts).
 */
export type StoreScenarioValue = [commands: Iterable<fc.AsyncCommand<StoreModel, StoreRun, boolean>>, tenants: string[], slots: KeySlot[]];

export interface StoreScenario extends LeakScenario<StoreScenarioValue> {
  readonly space: StepSpace & Readonly<Record<string, unknown>>;
  readonly redis: RunningRedis;
}

const OPTIONAL_OPS: readonly OpKind[] = ['append', 'range', 'clear'];

async function closeQuietly(store: TenantStore, timeoutMs: number): Promise<void> {
  await Promise.race([store.close().catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}

async function ownRedis(wantRestart: boolean): Promise<RunningRedis> {
  if (wantRestart && hasRedisServerBinary()) return startRestartableRedis();
  return startRedis({ requireOwned: true });
}

function isRestartable(redis: RunningRedis): redis is RestartableRedis {
  return typeof (redis as Partial<RestartableRedis>).restart === 'function';
}

/** Times a retold story is repeated in one run (each telling with its own draw of tenants). */
const RETELLINGS = 4;

/**
 * A counterexample's steps told again, RETELLINGS times in a row, each operation's tenant drawn
 * anew among the focus tenants and the first relative after them, so each role of the story may
 * be played by another of them: what a class that needs the same story with another tenant in
 * one role (the victim's put and read around the clear that left the clearing tenant's keys) needs.
 */
function retoldArbitrary(steps: readonly StoreStep[], focusTenants: number): fc.Arbitrary<StoreCommand[]> {
  const ops = steps.reduce((n, s) => n + (s.kind === 'op' ? 1 : s.kind === 'concurrent' ? s.ops.length : 0), 0);
  return fc.array(fc.nat(focusTenants), { minLength: ops * RETELLINGS, maxLength: ops * RETELLINGS }).map((picks) => {
    let i = 0;
    const next = (): number => picks[i++] ?? 0;
    const out: StoreCommand[] = [];
    for (let r = 0; r < RETELLINGS; r++) {
      for (const s of steps) {
        const step: StoreStep = s.kind === 'op' ? { kind: 'op', op: { ...s.op, tenant: next() } }
          : s.kind === 'concurrent' ? { ...s, ops: s.ops.map((o) => ({ ...o, tenant: next() })) } : s;
        out.push(new StoreCommand(step));
      }
    }
    return out;
  });
}

/** Stores opened ahead of their run (see StorePool). */
const POOL_DEPTH = 4;


/**
 * Everything one target needs for model-based runs: its own Redis (which the engine may drop
 * connections of and restart), the arbitraries, and the property that runs one scenario in a
 * fresh namespace and store, then checks the keyspace and deletes the run's keys.
 */
export async function openStoreScenario(target: StoreTarget, budget: StoreBudget, options: { replayPath?: string } = {}): Promise<StoreScenario> {
  const redis = await ownRedis(budget.faults);
  const admin = new Redis(redis.url, { maxRetriesPerRequest: 20 });
  admin.on('error', () => undefined);
  const sep = target.separator ?? ':';
  const base = `isogate${sep}${Math.random().toString(16).slice(2, 10)}`;
  let probe: TenantStore;
  try {
    probe = await target.createStore({ redisUrl: redis.url, namespace: `${base}${sep}probe` });
  } catch (error) {
    admin.disconnect();
    await redis.stop();
    throw error;
  }
  const ops = (['put', 'get', 'list', 'delete'] as OpKind[])
    .concat(OPTIONAL_OPS.filter((k) => typeof (probe as unknown as Record<string, unknown>)[k] === 'function'));
  await closeQuietly(probe, 2_000);
  const relations = [...ID_RELATIONS, ...(target.relations ?? []).map(relationOfRule)];
  const valuePattern = target.valueSpace?.pattern === undefined ? undefined : anchored(target.valueSpace.pattern);
  const faults: RedisFault[] = !budget.faults || !redis.owned ? [] : isRestartable(redis) ? ['drop', 'restart'] : ['drop'];
  const space: StepSpace & Record<string, unknown> = {
    ops,
    flags: budget.flips ? (target.flags?.flags.length ?? 0) : 0,
    perTenantFlags: target.flags?.perTenant ?? false,
    faults,
    concurrency: budget.concurrency,
    ...(valuePattern === undefined ? {} : { valuePattern }),
  };
  const stats: ScenarioStats = emptyScenarioStats();
  const pool = new StorePool(target.createStore, redis.url, (n) => `${base}${sep}r${n}`, POOL_DEPTH);
  const inject = async (fault: RedisFault): Promise<void> => {
    await pool.settled();
    const before = await countOtherClients(admin);
    if (fault === 'drop') await dropClientConnections(admin);
    else if (isRestartable(redis)) await redis.restart();
    await awaitReconnect(admin, before, 2_000);
  };
  const startedAt = Date.now();
  const commandsArbitrary = fc.commands([stepArbitrary(space).map((s) => new StoreCommand(s))], {
    maxCommands: budget.maxCommands,
    // Scenarios up to maxCommands long, not fast-check's "small" default: more encounters per store.
    size: 'medium',
    ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
  });
  const story = (tenants: fc.Arbitrary<string[]>, slots: fc.Arbitrary<KeySlot[]>, join: fc.Arbitrary<Join | null>): fc.Arbitrary<StoreScenarioValue> =>
    fc.tuple(commandsArbitrary, tenants, slots, join)
      .map(([commands, t, k, j]): StoreScenarioValue => [commands, ...applyJoin(target.tenantSpace, target.keySpace, t, k, j)]);
  // Half the focused runs put an extension pair of the focus (x, x<sep>b) in a join of keys too,
  // with new stories: the relation to try there is a key collision. A focus without such a pair
  // has half its stories retold (its own steps, each operation's tenant drawn anew, four times over).
  const retoldOrNew = (focus: SearchFocus): fc.Arbitrary<StoreScenarioValue> => fc.tuple(
    focus.steps === undefined || extensionJoin(target.keySpace, focus.tenants, 0) !== undefined ? commandsArbitrary
      : fc.oneof(commandsArbitrary, retoldArbitrary(focus.steps as readonly StoreStep[], focus.tenants.length)),
    focusedTenantsArbitrary(target.tenantSpace, focus.tenants, budget.minTenants, budget.maxTenants, relations),
    focusedSlotsArbitrary(target.keySpace, focus.slots, relations),
    fc.option(fc.nat(0xffff), { freq: 2 }),
  ).map(([commands, tenants, slots, pick]): StoreScenarioValue =>
    [commands, ...(pick === null ? [tenants, slots] as const : extensionJoin(target.keySpace, tenants, pick) ?? [tenants, slots] as const)]);
  const scenario: StoreScenario = {
    // One open run in five is a relation sweep (see RelationSweep): a drawn id beside relatives
    // under several relations at once, where a story draws one relation and must then meet it.
    arbitrary: fc.oneof(
      { weight: 4, arbitrary: story(
        tenantsArbitrary(target.tenantSpace, budget.minTenants, budget.maxTenants, relations),
        keySlotsArbitrary(target.keySpace, relations),
        joinArbitrary(),
      ) },
      { weight: 1, arbitrary: relationSweepArbitrary(target.tenantSpace, target.keySpace, relations, budget.maxTenants) },
    ),
    focused: (focus) => {
      const told = retoldOrNew(focus);
      // A story with steps also gets a sibling census (see SiblingCensus), and its own tenants a
      // cross probe (each writes, the others read): a shared key found is asked whether it leaks reads.
      const census = focus.steps === undefined ? undefined
        : siblingCensusArbitrary(target.tenantSpace, relations, { tenants: focus.tenants, slots: focus.slots, steps: focus.steps as readonly StoreStep[] }, budget.maxTenants);
      const probe = crossProbeArbitrary(focus.tenants, focus.slots);
      return fc.oneof({ weight: 3, arbitrary: told },
        ...(census === undefined ? [] : [{ weight: 1, arbitrary: census }]),
        ...(probe === undefined ? [] : [{ weight: 1, arbitrary: probe }]));
    },
    stepsOf: (value) => [...value[0]].map((c) => unwrapCommand<StoreCommand>(c as StoreCommand).step),
    space: { ...space },
    stats,
    redis,
    lastFailure: undefined,
    reductions: (value) => storeReductions(value as StoreStory) as Array<Reduction<StoreScenarioValue>>,
    filter: new FindingFilter(),
    property: async ([commands, tenants, slots]) => {
      const run = ++stats.runs;
      // Only the search counts toward the score and tallies; shrinking re-runs the same failure.
      const searching = stats.firstFailureAt === undefined;
      const tally = new ObservationTally();
      let keysChecked = 0;
      let keyspaceViolations = 0;
      let report: KeyspaceReport | undefined;
      const { store, namespace } = await pool.take();
      const flags = space.flags > 0 && target.flags !== undefined ? target.flags.bind(redis.url, namespace, store) : undefined;
      const real = new StoreRun({
        store, tenants, slots, run, exact: target.exact, keyPattern: target.keySpace.pattern, valuePattern,
        flags: flags === undefined || target.flags === undefined ? undefined : { names: target.flags.flags, set: flags.set },
        inject: faults.length === 0 ? undefined : inject,
        tally, opTimeoutMs: budget.opTimeoutMs, filter: scenario.filter,
      });
      try {
        await runCommands(() => ({ model: new StoreModel(), real }), commands, scenario.watch);
        // The engine writes nothing outside `base` but the flag keys it names: any other key there is the target's.
        const checked = await checkRunKeyspace({
          admin, root: base, namespace, run, tenants, keyspace: target.keyspace, tally, ...(flags?.written === undefined ? {} : { exempt: flags.written }),
        });
        ({ report, keysChecked, keyspaceViolations } = checked);
        raiseRunKeyspace(checked, scenario.filter);
      } catch (error) {
        stats.firstFailureAt ??= Date.now() - startedAt;
        if (isLeakFindingError(error)) {
          scenario.lastFailure = {
            run, tenants, slots, finding: error.finding, history: [...real.history.entries], steps: real.steps,
            commands: String(commands),
          };
        }
        throw error;
      } finally {
        if (searching) recordSearchRun(stats, { history: real.history, keysChecked, keyspaceViolations, tally });
        await closeQuietly(store, 2_000);
        await flags?.close();
        await cleanupRun(admin, namespace, report).catch(() => undefined);
      }
    },
    close: async () => {
      await pool.close();
      admin.disconnect();
      await redis.stop();
    },
  };
  return scenario;
}
