import type { Redis } from 'ioredis';
import { findTokens } from './CanaryToken.js';

/**
 * After each run: every Redis key that holds a tenant's token (in its name or its content) must
 * lie in that tenant's key space, and no key may hold the tokens of two tenants (shared
 * storage). The key space is a template with `{ns}` and `{tenant}` filled in and `*` as a
 * wildcard; without one, the key must at least name the tenant after the namespace.
 */
export interface KeyspaceViolation {
  readonly key: string;
  readonly tenants: number[];
  readonly reason: string;
}

export interface KeyspaceReport {
  readonly keysWithTokens: number;
  readonly violations: KeyspaceViolation[];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A tenant's key space as a matcher, and its text for messages. */
export type KeyspaceOf = (namespace: string, tenant: string) => { test(key: string): boolean; text: string };

/** Redis glob semantics for `*`, `?` and backslash escapes (what a key schema emits). */
export function globMatcher(glob: string): RegExp {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '\\' && i + 1 < glob.length) src += escapeRegex(glob[++i] ?? '');
    else if (ch === '*') src += '[\\s\\S]*';
    else if (ch === '?') src += '[\\s\\S]';
    else src += escapeRegex(ch);
  }
  return new RegExp(`^${src}$`);
}

export function templateKeyspace(template: string): KeyspaceOf {
  return (ns, tenant) => ({ test: (key) => keyspaceMatcher(template, ns, tenant).test(key), text: template.replace('{ns}', ns).replace('{tenant}', tenant) });
}

export function globKeyspace(globOf: (namespace: string, tenant: string) => string): KeyspaceOf {
  return (ns, tenant) => {
    const glob = globOf(ns, tenant);
    const re = globMatcher(glob);
    return { test: (key) => re.test(key), text: glob };
  };
}

/** Without a declared key space: the key must name the tenant somewhere after the namespace. */
export const namingKeyspace: KeyspaceOf = (ns, tenant) => ({
  test: (key) => key.startsWith(ns) && key.slice(ns.length).includes(tenant),
  text: `a key naming the tenant under ${ns}`,
});

export function keyspaceMatcher(template: string, ns: string, tenant: string): RegExp {
  const parts = template.split(/(\{ns\}|\{tenant\}|\*|\?)/);
  const src = parts.map((p) => {
    if (p === '{ns}') return escapeRegex(ns);
    if (p === '{tenant}') return escapeRegex(tenant);
    if (p === '*') return '[\\s\\S]*';
    if (p === '?') return '[\\s\\S]';
    return escapeRegex(p);
  }).join('');
  return new RegExp(`^${src}$`);
}

async function scanKeys(redis: Redis, match: string | undefined): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = match === undefined
      ? await redis.scan(cursor, 'COUNT', 1000)
      : await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

async function contentsOf(redis: Redis, keys: string[]): Promise<string[]> {
  const types = await redis.pipeline(keys.map((k) => ['type', k])).exec();
  const reads = keys.map((k, i) => {
    const type = String(types?.[i]?.[1] ?? 'none');
    switch (type) {
      case 'string': return ['get', k];
      case 'list': return ['lrange', k, '0', '-1'];
      case 'hash': return ['hgetall', k];
      case 'set': return ['smembers', k];
      case 'zset': return ['zrange', k, '0', '-1'];
      case 'stream': return ['xrange', k, '-', '+'];
      default: return ['exists', k];
    }
  });
  const results = await redis.pipeline(reads).exec();
  return keys.map((_, i) => JSON.stringify(results?.[i]?.[1] ?? null));
}

export interface KeyspaceCheckInput {
  redis: Redis;
  /** SCAN MATCH filter: undefined scans the whole database (only on a Redis isogate owns). */
  match: string | undefined;
  namespace: string;
  run: number;
  tenants: readonly string[];
  keyspace: KeyspaceOf;
}

export async function checkKeyspace(input: KeyspaceCheckInput): Promise<KeyspaceReport> {
  const keys = await scanKeys(input.redis, input.match);
  const contents = keys.length === 0 ? [] : await contentsOf(input.redis, keys);
  const violations: KeyspaceViolation[] = [];
  let keysWithTokens = 0;
  keys.forEach((key, i) => {
    const owners = [...new Set(findTokens(key + '\u0000' + (contents[i] ?? '')).filter((t) => t.run === input.run).map((t) => t.tenant))]
      .filter((t) => t < input.tenants.length);
    if (owners.length === 0) return;
    keysWithTokens++;
    if (owners.length > 1) {
      violations.push({ key, tenants: owners, reason: 'holds the tokens of more than one tenant (shared storage)' });
      return;
    }
    const owner = owners[0] ?? 0;
    const tenant = input.tenants[owner] ?? '';
    const space = input.keyspace(input.namespace, tenant);
    if (!space.test(key)) {
      violations.push({ key, tenants: owners, reason: `holds this tenant's token outside its key space (expected ${space.text})` });
    }
  });
  return { keysWithTokens, violations };
}
