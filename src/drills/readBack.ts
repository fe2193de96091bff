import type { ServiceClient } from './ServiceClient.js';
import type { AckedWrite } from './TenantTraffic.js';

export interface ReadBack {
  checked: number;
  intact: number;
  /** Acknowledged, and now gone (404). */
  lost: AckedWrite[];
  /** Read back as a value another tenant wrote, or a value this tenant never wrote there. */
  mixed: Array<AckedWrite & { saw: string }>;
  /** Another tenant asked for the same key and was shown this write's value. */
  leaked: Array<AckedWrite & { reader: string }>;
  /** The read itself failed: the write is neither confirmed nor lost. */
  unreadable: number;
}

/**
 * Reads every acknowledged write back as its own tenant (it must be there, unchanged) and as the
 * next tenant (it must not be visible), spread over the instances, a few at a time. A tenant in
 * `local` never had the flag on: its state is the legacy process-global state, which each
 * instance keeps for itself, so its writes are read from the instance that acknowledged them.
 */
export async function readBack(writes: readonly AckedWrite[], clients: readonly ServiceClient[], tenants: readonly string[], local: ReadonlySet<string> = new Set(), parallel = 16): Promise<ReadBack> {
  const result: ReadBack = { checked: writes.length, intact: 0, lost: [], mixed: [], leaked: [], unreadable: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < writes.length; i = next++) {
      const w = writes[i];
      const client = clients[w !== undefined && local.has(w.tenant) ? w.instance : i % clients.length];
      if (w === undefined || client === undefined) continue;
      const got = await client.get(w.tenant, w.key);
      if ('failed' in got) result.unreadable++;
      else if (got.value === w.value) result.intact++;
      else if (got.value === null) result.lost.push(w);
      else result.mixed.push({ ...w, saw: got.value });
      const reader = tenants[(tenants.indexOf(w.tenant) + 1) % tenants.length] ?? w.tenant;
      const other = await client.get(reader, w.key);
      if ('value' in other && other.value === w.value && reader !== w.tenant) result.leaked.push({ ...w, reader });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return result;
}

/** A few examples for the evidence: enough to reproduce by hand, not the whole list. */
export function examples<T>(items: readonly T[], n = 5): T[] {
  return items.slice(0, n);
}
