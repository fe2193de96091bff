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

async function runSteps(wrap: (s: TenantStore) => TenantStore, steps: StoreStep[], run: number): Promise<unknown> {
  const store = wrap(await createToyStore({ redisUrl: redis.url, namespace: `isogate:lin:r${run}` }));
  const real = new StoreRun({
    store, tenants: ['acme', 'acme2'], slots: [{ base: 'k', tokened: false }], run, exact: true, keyPattern: undefined,
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
