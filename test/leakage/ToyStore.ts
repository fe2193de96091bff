import { Redis } from 'ioredis';
import type { StoreEnv, TenantStore } from '../../src/targets/index.js';

/**
 * A small TenantStore over real Redis, correct unless a bug is switched on: the engine's own
 * test subject, independent of the reference service. Tenant and key segments are JSON-encoded
 * so any string is safe; `bug` seeds one isolation fault.
 */
export type ToyBug = 'none' | 'ambient' | 'scan-prefix' | 'shared-stream' | 'bad-shape' | 'clear-all' | 'short-tenant';

const seg = (s: string): string => [...Array(s.length).keys()]
  .map((i) => (/[A-Za-z0-9._-]/.test(s[i] ?? '') ? s[i] : `%${s.charCodeAt(i).toString(16).padStart(4, '0')}`)).join('');
/** Values as JSON: UTF-8 would replace a lone surrogate, and the toy promises any string back. */
const enc = (v: string): string => JSON.stringify(v);
const dec = (v: string | null): string | null => (v === null ? null : (JSON.parse(v) as string));
const unseg = (s: string): string => s.replace(/%([0-9a-f]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

export async function createToyStore(env: StoreEnv, bug: ToyBug = 'none'): Promise<TenantStore> {
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  const ns = env.namespace;
  let ambient = '';
  const scope = async (tenant: string): Promise<string> => {
    if (bug !== 'ambient') return tenant;
    ambient = tenant;
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    return ambient;
  };
  // short-tenant: the tenant segment cut to 3 characters, so 'acme1' and 'acme2' share keys.
  const kv = (t: string, k: string): string => `${ns}:t:${seg(bug === 'short-tenant' ? t.slice(0, 3) : t)}:kv:${seg(k)}`;
  const stream = (t: string, s: string): string => (bug === 'shared-stream' ? `${ns}:events:${seg(s)}` : `${ns}:t:${seg(t)}:ev:${seg(s)}`);
  const scanAll = async (pattern: string): Promise<string[]> => {
    const out = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.forEach((k) => out.add(k));
    } while (cursor !== '0');
    return [...out].sort();
  };
  return {
    put: async (tenant, key, value) => { await redis.set(kv(await scope(tenant), key), enc(value)); },
    get: async (tenant, key) => {
      const value = dec(await redis.get(kv(await scope(tenant), key)));
      return bug === 'bad-shape' && value !== null && value.includes('z') ? (undefined as unknown as null) : value;
    },
    list: async (tenant) => {
      const t = await scope(tenant);
      const pattern = bug === 'scan-prefix' ? `${ns}:t:${seg(t)}*:kv:*` : `${ns}:t:${seg(t)}:kv:*`;
      const names = await scanAll(pattern);
      if (names.length === 0) return [];
      const values = await redis.mget(...names);
      const out: Array<[string, string]> = [];
      names.forEach((n, i) => {
        const v = values[i];
        if (v !== null && v !== undefined) out.push([unseg(n.slice(n.lastIndexOf(':') + 1)), dec(v) ?? '']);
      });
      return out;
    },
    delete: async (tenant, key) => { await redis.del(kv(await scope(tenant), key)); },
    append: async (tenant, s, value) => { await redis.rpush(stream(await scope(tenant), s), enc(value)); },
    range: async (tenant, s) => (await redis.lrange(stream(await scope(tenant), s), 0, -1)).map((v) => dec(v) ?? ''),
    clear: async (tenant) => {
      // clear-all: every tenant's keys, not the caller's.
      const names = await scanAll(bug === 'clear-all' ? `${ns}:t:*` : `${ns}:t:${seg(await scope(tenant))}:*`);
      if (names.length > 0) await redis.del(...names);
    },
    close: async () => { redis.disconnect(); },
  };
}

/** The toy's key space, for the keyspace check. */
export function toyKeyspace(namespace: string, tenant: string): string {
  return `${namespace.replace(/[*?[\]\\]/g, '\\$&')}:t:${seg(tenant)}:*`;
}
