import type { LoadConfig, RequestSpec, TenantSpec } from './LoadConfig.js';
import { seededRandom } from '../random/index.js';

/** One HTTP request as autocannon's `requests` option takes it. */
export interface MixRequest {
  method: RequestSpec['method'];
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Which tenant sends it and whether it reads or writes: for reports, not for autocannon. */
  tenant: string;
  kind: 'read' | 'write';
}

export function tenantHeaders(tenant: TenantSpec): Record<string, string> {
  return tenant.headers ?? { authorization: `Bearer tok-${tenant.id}` };
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(key|tenant|value)\}/g, (_, name: string) => vars[name] ?? '');
}

function request(spec: RequestSpec, tenant: TenantSpec, key: string, value: string, kind: 'read' | 'write'): MixRequest {
  const vars = { key, tenant: tenant.id, value };
  const headers = { ...tenantHeaders(tenant) };
  const out: MixRequest = { method: spec.method, path: fill(spec.path, vars), headers, tenant: tenant.id, kind };
  if (spec.body !== undefined) {
    out.body = fill(spec.body, vars);
    headers['content-type'] = spec.contentType;
  }
  return out;
}

const keyOf = (i: number): string => `load${i}`;
const valueOf = (tenant: string, i: number, bytes: number): string => `${tenant}${i}v`.padEnd(bytes, 'x');

/** Every tenant writes every key once: reads in the measured rounds then find what they ask for. */
export function warmupWrites(mix: LoadConfig['mix'], tenants: readonly TenantSpec[]): MixRequest[] {
  const out: MixRequest[] = [];
  for (let i = 0; i < mix.keysPerTenant; i++) {
    for (const t of tenants) out.push(request(mix.write, t, keyOf(i), valueOf(t.id, i, mix.valueBytes), 'write'));
  }
  return out;
}

/** The tenant whose cumulative weight first exceeds `u` × the total (uniform without weights). */
function pick(tenants: readonly TenantSpec[], weights: readonly number[] | undefined, u: number): TenantSpec {
  if (weights === undefined) return tenants[Math.floor(u * tenants.length)] as TenantSpec;
  const total = weights.reduce((a, b) => a + b, 0);
  let at = u * total;
  for (const [i, w] of weights.entries()) {
    if (at < w) return tenants[i] as TenantSpec;
    at -= w;
  }
  return tenants[tenants.length - 1] as TenantSpec;
}

/**
 * A seeded sequence of reads and writes over all tenants in the configured ratio, tenants drawn
 * uniformly or by `weights` (one per tenant). Each connection walks it from its own offset, so
 * connections do not move in lockstep.
 */
export function buildRequestMix(mix: LoadConfig['mix'], tenants: readonly TenantSpec[], seed: number, length = 512, weights?: readonly number[]): MixRequest[] {
  const random = seededRandom(seed);
  const out: MixRequest[] = [];
  for (let n = 0; n < length; n++) {
    const tenant = pick(tenants, weights, random());
    const i = Math.floor(random() * mix.keysPerTenant);
    const read = random() < mix.readRatio;
    out.push(read
      ? request(mix.read, tenant, keyOf(i), '', 'read')
      : request(mix.write, tenant, keyOf(i), valueOf(tenant.id, i, mix.valueBytes), 'write'));
  }
  return out;
}

export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const k = ((by % items.length) + items.length) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
