import { fileURLToPath } from 'node:url';
import { IsogateError } from '../errors/index.js';
import { loadConfig, type LoadedConfig } from '../config/index.js';
import type { TargetConfig } from '../targets/index.js';
import {
  leakageConfigSchema, openHttpScenario, openStoreScenario, resolveTarget, runLeakScenario, TargetOutput, joinOutput,
  type HttpScenarioValue, type LeakageConfig, type LeakResult, type LeakScenario, type RunParams, type StoreBudget, type StoreScenarioValue,
} from '../leakage/index.js';

export interface LeakRequest {
  readonly runs?: number;
  readonly seed?: number;
  readonly path?: string;
  readonly replayPath?: string;
  /** Classes the replayed counterexample's search passed over. */
  readonly ignore?: RunParams['ignore'];
  /** The focus of the replayed counterexample's round (its record's `focus`). */
  readonly focus?: RunParams['focus'];
  readonly onProgress?: RunParams['onProgress'];
}

export function budgetOf(config: LeakageConfig): StoreBudget {
  return {
    maxCommands: config.maxCommands, minTenants: config.tenants.min, maxTenants: config.tenants.max,
    flips: config.flips, faults: config.faults, concurrency: config.concurrency, opTimeoutMs: config.opTimeoutMs,
  };
}

export function leakageConfigOf(loaded: LoadedConfig): LeakageConfig {
  return leakageConfigSchema.parse(loaded.config.leakage ?? {});
}

/** Opens the scenario of one configured target: what `isogate leak` runs and `test.prop` replays. */
export async function openTargetScenario(loaded: LoadedConfig, name: string, config: TargetConfig, replayPath?: string)
  : Promise<{ kind: 'module' | 'http'; scenario: LeakScenario<StoreScenarioValue> | LeakScenario<HttpScenarioValue> }> {
  const budget = budgetOf(leakageConfigOf(loaded));
  const resolved = await resolveTarget(name, config, loaded.dir);
  const opts = replayPath === undefined ? {} : { replayPath };
  return resolved.kind === 'module'
    ? { kind: 'module', scenario: await openStoreScenario(resolved.target, budget, opts) }
    : { kind: 'http', scenario: await openHttpScenario(resolved.target, budget, opts) };
}

/** Runs one configured target with the config's budget (overridden by `request`). */
export async function runTargetLeakage(loaded: LoadedConfig, name: string, request: LeakRequest = {}): Promise<{ kind: 'module' | 'http'; result: LeakResult }> {
  const config = loaded.config.targets[name];
  if (config === undefined) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected a target named ${JSON.stringify(name)} in ${loaded.path}, found ${Object.keys(loaded.config.targets).join(', ') || 'no targets'}`, {
      hint: 'pass --target with one of the names under `targets` in the config',
    });
  }
  const leakage = leakageConfigOf(loaded);
  // Opening runs the target too (a probe store, a service): what it says then is its output as well.
  const opening = new TargetOutput();
  opening.start();
  let opened: Awaited<ReturnType<typeof openTargetScenario>>;
  try {
    opened = await openTargetScenario(loaded, name, config, request.replayPath);
  } finally {
    opening.stop();
  }
  const { kind, scenario } = opened;
  const seed = request.seed ?? leakage.seed;
  const params: RunParams = {
    runs: request.runs ?? leakage.runs,
    ...(seed === undefined ? {} : { seed }),
    ...(request.path === undefined ? {} : { path: request.path }),
    ...(request.replayPath === undefined ? {} : { replayPath: request.replayPath }),
    ...(request.ignore === undefined ? {} : { ignore: request.ignore }),
    ...(request.focus === undefined ? {} : { focus: request.focus }),
    ...(leakage.timeLimitMs === undefined ? {} : { timeLimitMs: leakage.timeLimitMs }),
    shrinkRuns: leakage.shrinkRuns,
    shrinkMs: leakage.shrinkMs,
    shrinkAttempts: leakage.shrinkAttempts,
    ...(leakage.runsAfterFinding === undefined ? {} : { runsAfterFinding: leakage.runsAfterFinding }),
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
  };
  const result = await runLeakScenario(name, scenario as LeakScenario<unknown>, params);
  return { kind, result: { ...result, targetOutput: joinOutput(opening.summary(), result.targetOutput) } };
}

/**
 * For a user's own vitest file: the scenario of a configured target, to replay a counterexample
 * with `test.prop([s.arbitrary], { seed, path })(…, (v) => s.property(v))`. Close it in afterAll.
 */
export async function openLeakScenarioFromConfig(configPath: string | URL, target: string, options: { replayPath?: string } = {}): Promise<LeakScenario<unknown>> {
  const loaded = await loadConfig(configPath instanceof URL ? fileURLToPath(configPath) : configPath);
  const config = loaded.config.targets[target];
  if (config === undefined) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected a target named ${JSON.stringify(target)} in ${loaded.path}, found none`);
  }
  return (await openTargetScenario(loaded, target, config, options.replayPath)).scenario as LeakScenario<unknown>;
}
