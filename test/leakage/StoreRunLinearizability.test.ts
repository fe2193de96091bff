import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../../src/redis/index.js';
import type { TenantStore } from '../../src/targets/index.js';
import { ObservationTally } from '../../src/leakage/IsolationScore.js';
import { FindingFilter, isLeakFindingError } from '../../src/leakage/LeakFinding.js';
import { StoreModel } from '../../src/leakage/StoreModel.js';
import { StoreRun } from '../../src/leakage/StoreRun.js';
import type { StoreStep } from '../../src/leakage/StoreStep.js';
import { createToyStore } from './ToyStore.js';

/**
 * A module target's overlapping operations of one tenant are judged by linearizability: a read
 * that overlaps a delete of its key may return the value from before the delete; a read that
 * started after the delete completed may not.
 */
let redis: RunningRedis;
beforeAll(async () => { redis = await startRedis({ requireOwned: true }); });
afterAll(async () => { await redis.stop(); });

/** The toy store, with reads that take their snapshot at once and answer after a pause (correct). */
function snapshotReads(store: TenantStore): TenantStore {
  return {
    ...store,
    get: async (tenant, key) => {
      const value = await store.get(tenant, key);
      await new Promise((r) => setTimeout(r, 30));
      return value;
    },
    close: () => store.close(),
  };
}

/** The toy store behind a read cache that deletes never invalidate (a functional bug). */
function staleCache(store: TenantStore): TenantStore {
  const cache = new Map<string, string>();
  return {
    ...store,
    put: async (tenant, key, value) => { cache.set(JSON.stringify([tenant, key]), value); await store.put(tenant, key, value); },
    get: async (tenant, key) => cache.get(JSON.stringify([tenant, key])) ?? store.get(tenant, key),
    close: () => store.close(),
  };
}

async function runSteps(wrap: (s: TenantStore) => TenantStore, steps: StoreStep[], run: number, slots = [{ base: 'k', tokened: false }]): Promise<unknown> {
  const store = wrap(await createToyStore({ redisUrl: redis.url, namespace: `isogate:lin:r${run}` }));
  const real = new StoreRun({
    store, tenants: ['acme', 'acme2'], slots, run, exact: true, keyPattern: undefined,
    flags: undefined, inject: undefined, tally: new ObservationTally(), opTimeoutMs: 5_000, filter: new FindingFilter(),
  });
  const model = new StoreModel();
  try {
    for (const step of steps) await real.execute(step, model);
    return undefined;
  } catch (error) {
    if (isLeakFindingError(error)) return error.finding;
    throw error;
  } finally {
    await store.close();
  }
}

const put: StoreStep = { kind: 'op', op: { kind: 'put', tenant: 0, slot: 0, prefix: '' } };

/** A gate one operation opens and another waits on; a guard opens it so a broken wrapper cannot hang the test. */
function gate(): { open: () => void; passed: Promise<void> } {
  let open = (): void => undefined;
  const passed = new Promise<void>((resolve) => {
    open = resolve;
    setTimeout(resolve, 3_000); // hang guard: only a broken wrapper waits this long
  });
  return { open, passed };
}

/**
 * A correct store whose list is SCAN then one GET per key and whose clear deletes key by key
 * (neither atomic, as over Redis), driven deterministically so that a clear overlapping a list
 * deletes the second key between the list's two reads: the list shows the first key only.
 */
function keyByKey(store: TenantStore, lists: unknown[]): TenantStore {
  const firstRead = gate();
  const oneDeleted = gate();
  const listed = gate();
  const names = async (tenant: string): Promise<string[]> => (await store.list(tenant)).map(([k]) => k).sort();
  return {
    ...store,
    list: async (tenant) => {
      const out: Array<[string, string]> = [];
      for (const [i, k] of (await names(tenant)).entries()) {
        const v = await store.get(tenant, k);
        if (v !== null) out.push([k, v]);
        if (i === 0) { firstRead.open(); await oneDeleted.passed; }
      }
      listed.open();
      lists.push(out);
      return out;
    },
    clear: async (tenant) => {
      const keys = (await names(tenant)).reverse();
      await firstRead.passed;
      for (const [i, k] of keys.entries()) {
        await store.delete(tenant, k);
        if (i === 0) { oneDeleted.open(); await listed.passed; }
      }
    },
    close: () => store.close(),
  };
}

/** A list that leaves out its tenant's last key (a bug: nothing removed it). */
function dropsLast(store: TenantStore): TenantStore {
  return { ...store, list: async (tenant) => (await store.list(tenant)).slice(0, -1), close: () => store.close() };
}

/** A list that also shows the other tenant's entries (an isolation bug). */
function listsBoth(store: TenantStore): TenantStore {
  return { ...store, list: async () => [...await store.list('acme'), ...await store.list('acme2')], close: () => store.close() };
}

const twoSlots = [{ base: 'k', tokened: false }, { base: 'c', tokened: false }];
const putC: StoreStep = { kind: 'op', op: { kind: 'put', tenant: 0, slot: 1, prefix: '' } };

describe('linearizability of a tenant\'s overlapping operations (module target)', () => {
  it('accepts a read overlapping a delete of its key that returns the value from before', async () => {
    // Start get, start delete, complete delete, complete get: the get may be ordered first.
    const finding = await runSteps(snapshotReads, [put, {
      kind: 'concurrent', fault: null, schedule: [0, 1, 1, 0],
      ops: [{ kind: 'get', tenant: 0, slot: 0 }, { kind: 'delete', tenant: 0, slot: 0 }],
    }], 1);
    expect(finding).toBeUndefined();
  });
  it('flags a read that started after the delete completed and still returns the value', async () => {
    // Start delete, complete it, then start and complete get: no order puts the get first.
    const finding = await runSteps(staleCache, [put, {
      kind: 'concurrent', fault: null, schedule: [0, 0, 0, 0],
      ops: [{ kind: 'delete', tenant: 0, slot: 0 }, { kind: 'get', tenant: 0, slot: 0 }],
    }], 2);
    expect(finding).toMatchObject({ class: 'functional' });
    expect(String((finding as { message: string }).message)).toMatch(/in every order of the 2 overlapping operations/);
  });
});

describe('a listing overlapping writes of its tenant is judged entry by entry (module target)', () => {
  it('accepts a key-by-key list overlapping a key-by-key clear that shows one of two keys', async () => {
    const lists: unknown[] = [];
    const finding = await runSteps((s) => keyByKey(s, lists), [put, putC, {
      kind: 'concurrent', fault: null, schedule: [0, 1, 0, 0],
      ops: [{ kind: 'list', tenant: 0 }, { kind: 'clear', tenant: 0 }],
    }], 3, twoSlots);
    // The list saw "c" and not "k" (deleted between its reads): no snapshot ever held that alone.
    expect(lists).toHaveLength(1);
    expect((lists[0] as Array<[string, string]>).map(([k]) => k)).toEqual(['c']);
    expect(finding).toBeUndefined();
  });
  it('flags an overlapping list that leaves out a key nothing removed', async () => {
    const finding = await runSteps(dropsLast, [put, putC, {
      kind: 'concurrent', fault: null, schedule: [0, 1, 0, 0],
      ops: [{ kind: 'list', tenant: 0 }, { kind: 'get', tenant: 0, slot: 0 }],
    }], 4, twoSlots);
    expect(finding).toMatchObject({ class: 'functional' });
    expect(String((finding as { message: string }).message)).toMatch(/judging each entry/);
  });
  it('flags an overlapping list that shows the other tenant\'s entries', async () => {
    const finding = await runSteps(listsBoth, [put, { kind: 'op', op: { kind: 'put', tenant: 1, slot: 1, prefix: '' } }, {
      kind: 'concurrent', fault: null, schedule: [0, 1, 0, 0],
      ops: [{ kind: 'list', tenant: 0 }, { kind: 'delete', tenant: 0, slot: 0 }],
    }], 5, twoSlots);
    expect(String((finding as { class: string }).class)).toMatch(/^read-leak/);
  });
});

/** A list that throws (as a SCAN-then-GET list can when a key goes between its two reads). */
function failingList(store: TenantStore): TenantStore {
  return { ...store, list: async () => { throw new TypeError("Cannot read properties of undefined (reading 'expires')"); }, close: () => store.close() };
}

describe('a failed read (module target)', () => {
  it('is a read that took no effect when it overlaps other operations of its tenant', async () => {
    const finding = await runSteps(failingList, [put, {
      kind: 'concurrent', fault: null, schedule: [0, 1, 1, 0],
      ops: [{ kind: 'list', tenant: 0 }, { kind: 'delete', tenant: 0, slot: 0 }],
    }], 6);
    expect(finding).toBeUndefined();
  });
  it('breaks the contract when it fails alone', async () => {
    const finding = await runSteps(failingList, [put, { kind: 'op', op: { kind: 'list', tenant: 0 } }], 7);
    expect(finding).toMatchObject({ class: 'contract' });
  });
});
