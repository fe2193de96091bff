import type { z } from 'zod';
import { loadExport, type CreateStore, type KeyspaceConfig, type StoreEnv, type TargetConfig } from '../targets/index.js';
import type { httpTargetSchema, moduleTargetSchema } from '../targets/index.js';
import { loadFlagControl } from './FlagControl.js';
import type { HttpTarget, StartedService } from './HttpScenario.js';
import { globKeyspace, templateKeyspace, type KeyspaceOf } from './KeyspaceCheck.js';
import type { StoreTarget } from './StoreScenario.js';

export type ResolvedTarget = { kind: 'module'; target: StoreTarget } | { kind: 'http'; target: HttpTarget };

type ModuleConfig = z.output<typeof moduleTargetSchema>;
type HttpConfig = z.output<typeof httpTargetSchema>;

async function keyspaceOf(config: KeyspaceConfig | undefined, baseDir: string): Promise<KeyspaceOf | undefined> {
  if (config === undefined) return undefined;
  if (typeof config === 'string') return templateKeyspace(config);
  const globOf = await loadExport<(ns: string, tenant: string) => string>(config.module, config.export, baseDir, 'a keyspace function');
  return globKeyspace(globOf);
}

/**
 * A factory is called as `factory({ redisUrl, namespace, ...options }, options)`: both the
 * one-object style (`start({ redisUrl, namespace, faults })`) and the env-plus-options style
 * (`createStore(env, { faults })`) receive the target's `options`.
 */
function withOptions<R>(factory: (env: StoreEnv, options: Record<string, unknown>) => Promise<R>, options: Record<string, unknown> | undefined) {
  const opts = options ?? {};
  return (env: StoreEnv): Promise<R> => factory({ ...opts, ...env }, opts);
}

async function moduleTarget(name: string, config: ModuleConfig, baseDir: string): Promise<StoreTarget> {
  const factory = await loadExport<(env: StoreEnv, options: Record<string, unknown>) => ReturnType<CreateStore>>(config.module, config.export, baseDir, 'a store factory');
  return {
    name,
    createStore: withOptions(factory, config.options),
    tenantSpace: { pattern: config.tenantId },
    keySpace: { pattern: config.key },
    valueSpace: { pattern: config.value },
    ...(config.relations === undefined ? {} : { relations: config.relations }),
    separator: config.separator,
    exact: config.exact,
    keyspace: await keyspaceOf(config.keyspace, baseDir),
    flags: config.flags === undefined ? undefined : await loadFlagControl(config.flags, baseDir),
  };
}

async function httpTarget(name: string, config: HttpConfig, baseDir: string): Promise<HttpTarget> {
  const start = config.start === undefined ? undefined
    : withOptions(await loadExport<(env: StoreEnv, options: Record<string, unknown>) => Promise<StartedService>>(config.start.module, config.start.export, baseDir, 'a service starter'), config.options);
  return {
    name,
    baseUrl: config.baseUrl,
    start,
    tenants: config.tenants,
    resources: Object.entries(config.resources).map(([resource, r]) => ({ name: resource, ...r })),
    denyStatuses: config.denyStatuses,
    separator: config.separator,
    spoofHeaders: config.spoofHeaders,
    exact: config.exact,
    keyspace: await keyspaceOf(config.keyspace, baseDir),
    flags: config.flags === undefined ? undefined : await loadFlagControl(config.flags, baseDir),
  };
}

/** Turns one configured target into what the engine runs, loading its modules relative to the config. */
export async function resolveTarget(name: string, config: TargetConfig, baseDir: string): Promise<ResolvedTarget> {
  return config.kind === 'module'
    ? { kind: 'module', target: await moduleTarget(name, config, baseDir) }
    : { kind: 'http', target: await httpTarget(name, config, baseDir) };
}
