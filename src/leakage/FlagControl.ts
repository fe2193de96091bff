import { Redis } from 'ioredis';
import { loadExport, type FlagControlConfig } from '../targets/index.js';

/** Flips one flag for a run's namespace, globally (tenant null) or for one tenant. */
export type FlagSetter = (flag: string, on: boolean, tenant: string | null) => Promise<void>;

export interface FlagControl {
  readonly flags: readonly string[];
  readonly perTenant: boolean;
  /**
   * A setter bound to one run's namespace and store; `close` releases its connection. A store
   * that can tell when it has applied a change exposes `waitForFlagVersion(version)`: it is handed
   * to a setFlag export as `awaitApplied: [store]`, so the next operation runs on the new path.
   */
  bind(redisUrl: string, namespace: string, store?: object): BoundFlags;
}

export interface BoundFlags {
  readonly set: FlagSetter;
  close(): Promise<void>;
  /**
   * Keys the engine wrote itself (a config's key templates): the keyspace check does not count
   * them as the target's. A setFlag export is the target's own code, handed the namespace: keys
   * it writes are the target's.
   */
  readonly written?: ReadonlySet<string>;
}

type SetFlagExport = (args: {
  redisUrl: string; namespace: string; flag: string; value: boolean; tenant?: string; awaitApplied?: object[]; timeoutMs?: number;
}) => Promise<unknown>;

function appliesFlags(store: object | undefined): store is object {
  return store !== undefined && typeof (store as { waitForFlagVersion?: unknown }).waitForFlagVersion === 'function';
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(ns|flag|tenant|value)\}/g, (_, name: string) => vars[name] ?? '');
}

/** Builds the flag control a target declares: its own setFlag export, or Redis keys + pub/sub. */
export async function loadFlagControl(config: FlagControlConfig, baseDir: string): Promise<FlagControl> {
  if ('module' in config) {
    const setFlag = await loadExport<SetFlagExport>(config.module, config.export, baseDir, 'a flag setter');
    return {
      flags: config.flags,
      perTenant: true,
      bind: (redisUrl, namespace, store) => ({
        set: async (flag, on, tenant) => {
          await setFlag({
            redisUrl, namespace, flag, value: on,
            ...(tenant === null ? {} : { tenant }),
            // A store that never applies a flip (a lost broadcast) must not stall the search: 1 s, then `info`.
            ...(appliesFlags(store) ? { awaitApplied: [store], timeoutMs: 1_000 } : {}),
          });
          if (config.settleMs > 0) await new Promise((r) => setTimeout(r, config.settleMs));
        },
        close: () => Promise.resolve(),
      }),
    };
  }
  const r = config.redis;
  return {
    flags: config.flags,
    perTenant: r.tenantKey !== undefined,
    bind: (redisUrl, namespace) => {
      const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
      client.on('error', () => undefined);
      const written = new Set<string>();
      const set: FlagSetter = async (flag, on, tenant) => {
        const value = on ? r.on : r.off;
        const vars = { ns: namespace, flag, value, tenant: tenant ?? '' };
        const key = tenant === null ? fill(r.key, vars) : fill(r.tenantKey ?? r.key, vars);
        written.add(key);
        await client.set(key, value);
        if (r.channel !== undefined) await client.publish(fill(r.channel, vars), fill(r.message, vars));
        if (config.settleMs > 0) await new Promise((res) => setTimeout(res, config.settleMs));
      };
      return { set, close: async () => { client.disconnect(); }, written };
    },
  };
}
