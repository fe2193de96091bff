import type { ServiceClient } from './ServiceClient.js';
import { pathCounters } from './pathCounters.js';

/** Which path one instance served one tenant's probe from; `unknown` when its counters did not say. */
export type TenantPath = 'new' | 'fallback' | 'unknown';

/**
 * Asks every instance, tenant by tenant, which path serves that tenant now: one read of a fresh
 * key (no cache can answer it) as the tenant, judged by the instance's own path counters before
 * and after. No other traffic may run meanwhile, or the counters would mix tenants.
 */
export async function tenantPaths(clients: readonly ServiceClient[], tenants: readonly string[], tag: string): Promise<Map<string, TenantPath[]>> {
  const out = new Map<string, TenantPath[]>();
  for (const tenant of tenants) {
    const paths: TenantPath[] = [];
    for (const [i, client] of clients.entries()) {
      const before = await pathCounters(client);
      await client.get(tenant, `rollback-probe-${tag}-${tenant}-${i}`);
      const after = await pathCounters(client);
      if (before === undefined || after === undefined) paths.push('unknown');
      else if (after.redis > before.redis) paths.push('new');
      else paths.push(after.legacy > before.legacy ? 'fallback' : 'unknown');
    }
    out.set(tenant, paths);
  }
  return out;
}
