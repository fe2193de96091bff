import type { Redis } from 'ioredis';
import { findTokens } from './CanaryToken.js';
import type { FindingClass, FindingFilter } from './LeakFinding.js';
import { tenantLabel } from './tenantLabel.js';

/**
 * After each run: every Redis key that holds a tenant's token (in its name or its content) must
 * lie inside the run namespace, and no key may hold the tokens of two tenants (shared storage).
 * Nothing is assumed about how a store spells a tenant in its keys (hex, base64, a hash): only
 * when the user declares a key space (a template with `{ns}` and `{tenant}` filled in and `*` as a
 * wildcard, or a glob function) must the key also lie in that tenant's declared space. With a
 * `root` (the prefix of every namespace the engine hands out, on a Redis nothing else writes to),
 * a key outside it is the target's too, token or not: a registry or index of its own that it
 * keeps outside the namespace it was given, where other deployments' stores meet it.
 */
export interface KeyspaceViolation {
  readonly key: string;
  readonly tenants: number[];
  readonly class: Extract<FindingClass, 'shared-storage' | 'outside-namespace'>;
  readonly reason: string;
}

export interface KeyspaceReport {
  readonly keysWithTokens: number;
  readonly violations: KeyspaceViolation[];
  /** Every key the scan saw: the run's cleanup deletes its own from these, with no second scan. */
  readonly keys: readonly string[];
  /** Keys holding a token of this run (wherever they lie). */
  readonly runKeys: readonly string[];
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

/**
 * A key space that names the tenant somewhere after the namespace: a rule a user may choose
 * (`keyspace: 'naming'`), never assumed, since many stores encode tenant ids.
 */
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

/**
 * One round trip: SCAN the whole database (a target may write outside its namespace), read every
 * key's content, and (with `dropNamespace`) unlink the keys under the run's namespace once read.
 * Only ever run on a Redis isogate started: the scan is of the whole database.
 */
const SCAN_SCRIPT = `
local ns, drop = ARGV[1], ARGV[2] == '1'
local out, doomed, cursor = {}, {}, '0'
repeat
  local r = redis.call('SCAN', cursor, 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    local t = redis.call('TYPE', k)['ok']
    local v = {}
    if t == 'string' then v = { redis.call('GET', k) }
    elseif t == 'list' then v = redis.call('LRANGE', k, 0, -1)
    elseif t == 'hash' then v = redis.call('HGETALL', k)
    elseif t == 'set' then v = redis.call('SMEMBERS', k)
    elseif t == 'zset' then v = redis.call('ZRANGE', k, 0, -1)
    elseif t == 'stream' then v = redis.call('XRANGE', k, '-', '+') end
    out[#out + 1] = k
    out[#out + 1] = v
    if drop and string.sub(k, 1, #ns) == ns and not string.find(string.sub(k, #ns + 1, #ns + 1), '^%w') then doomed[#doomed + 1] = k end
  end
until cursor == '0'
for i = 1, #doomed, 500 do redis.call('UNLINK', unpack(doomed, i, math.min(i + 499, #doomed))) end
return out`;

async function scanContents(redis: Redis, namespace: string, dropNamespace: boolean): Promise<{ keys: string[]; contents: string[] }> {
  const flat = await redis.eval(SCAN_SCRIPT, 0, namespace, dropNamespace ? '1' : '0') as unknown[];
  const keys: string[] = [];
  const contents: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    keys.push(String(flat[i]));
    contents.push(JSON.stringify(flat[i + 1] ?? null));
  }
  return { keys, contents };
}

export interface KeyspaceCheckInput {
  /** A Redis isogate owns: the whole database is scanned. */
  redis: Redis;
  namespace: string;
  /** Unlink the keys under `namespace` in the same round trip, once read (the run's cleanup). */
  dropNamespace?: boolean;
  run: number;
  tenants: readonly string[];
  /** The user's declared key space; undefined: only the namespace and shared storage are checked. */
  keyspace: KeyspaceOf | undefined;
  /**
   * The prefix of every namespace the engine hands out, when only the target writes outside it
   * (no flag keys of the engine's own there): any key outside it is reported and removed.
   */
  root?: string;
  /** Keys outside the root that the engine wrote itself (flag keys): not the target's. */
  exempt?: ReadonlySet<string>;
}

/** True for `ns` itself and keys under it, not for a sibling it prefixes (`…:r1` vs `…:r12`). */
const under = (key: string, ns: string): boolean => key.startsWith(ns) && !/^[0-9A-Za-z]/.test(key.slice(ns.length));

export async function checkKeyspace(input: KeyspaceCheckInput): Promise<KeyspaceReport> {
  const { keys, contents } = await scanContents(input.redis, input.namespace, input.dropNamespace === true);
  const violations: KeyspaceViolation[] = [];
  let keysWithTokens = 0;
  const runKeys: string[] = [];
  keys.forEach((key, i) => {
    const owners = [...new Set(findTokens(key + '\u0000' + (contents[i] ?? '')).filter((t) => t.run === input.run).map((t) => t.tenant))]
      .filter((t) => t < input.tenants.length);
    if (owners.length === 0) {
      if (input.root === undefined || under(key, input.root) || input.exempt?.has(key) === true) return;
      // Removed with the run's keys: each run starts without it, so a replay that writes it again fails again.
      runKeys.push(key);
      violations.push({ key, tenants: [], class: 'outside-namespace', reason: `was written outside the namespace the target was given (${JSON.stringify(input.namespace)}), where every deployment sharing the database meets it` });
      return;
    }
    keysWithTokens++;
    runKeys.push(key);
    if (owners.length > 1) {
      violations.push({ key, tenants: owners, class: 'shared-storage', reason: 'holds the tokens of more than one tenant (shared storage)' });
      return;
    }
    if (!key.startsWith(input.namespace)) {
      violations.push({ key, tenants: owners, class: 'outside-namespace', reason: `holds this tenant's token outside the run namespace ${JSON.stringify(input.namespace)}` });
      return;
    }
    if (input.keyspace === undefined) return;
    const owner = owners[0] ?? 0;
    const tenant = input.tenants[owner] ?? '';
    const space = input.keyspace(input.namespace, tenant);
    if (!space.test(key)) {
      violations.push({ key, tenants: owners, class: 'outside-namespace', reason: `holds this tenant's token outside its declared key space (expected ${space.text})` });
    }
  });
  return { keysWithTokens, violations, keys, runKeys };
}

/** Raises the first violation whose class is not yet reported (one finding per run). */
export function raiseKeyspace(report: KeyspaceReport, filter: FindingFilter): void {
  const v = report.violations.find((x) => !filter.ignored.has(x.class));
  if (v === undefined) return;
  const owners = v.tenants.map(tenantLabel).join(' and ');
  const whose = owners === '' ? '' : ` of tenant ${owners}`;
  filter.raise({ class: v.class, step: -1, message: `after the run, Redis key ${JSON.stringify(v.key)}${whose} ${v.reason}` });
}
