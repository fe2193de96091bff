import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globKeyspace, openStoreScenario, type LeakFinding, type StoreBudget, type StoreScenario, type StoreTarget } from '../../src/leakage/index.js';
import { isLeakFindingError } from '../../src/leakage/LeakFinding.js';
import { reachLocalMinimum } from '../../src/leakage/LocalMinimum.js';
import { storyLength } from '../../src/leakage/LeakStory.js';
import { attributeByReplay } from '../../src/leakage/StepwiseAttribution.js';
import { StoreCommand } from '../../src/leakage/StoreCommand.js';
import type { StoreScenarioValue } from '../../src/leakage/StoreScenario.js';
import type { StoreOp } from '../../src/leakage/StoreStep.js';
import { createToyStore, toyKeyspace, type ToyBug } from './ToyStore.js';

/**
 * On seeded faults of the toy store (a clear that wipes every tenant; a tenant id cut short, so
 * one tenant's write lands on another's key), with stories written by hand: the cause a finding
 * names is the step after which the victim's data changed in a step-by-step replay (not the
 * latest suspect in the history), and the local-minimum pass ends on a story no single
 * removal (an operation, or a tenant with all its operations) reproduces.
 */
const budget: StoreBudget = { maxCommands: 16, minTenants: 2, maxTenants: 8, flips: false, faults: false, concurrency: false, opTimeoutMs: 5_000 };
const target = (bug: ToyBug): StoreTarget => ({
  name: `toy-${bug}`, createStore: (env) => createToyStore(env, bug), tenantSpace: { pattern: undefined },
  keySpace: { pattern: undefined }, exact: true, keyspace: globKeyspace(toyKeyspace), flags: undefined,
});
const op = (o: StoreOp): StoreCommand => new StoreCommand({ kind: 'op', op: o });
const story = (ops: StoreOp[], tenants: string[]): StoreScenarioValue => [ops.map(op), tenants, [{ base: 'k', tokened: false }]];

async function findingOf(scenario: StoreScenario, value: StoreScenarioValue): Promise<LeakFinding | undefined> {
  try {
    await scenario.property(value);
    return undefined;
  } catch (error) {
    if (isLeakFindingError(error)) return error.finding;
    throw error;
  }
}

let clearAll: StoreScenario;
let shortTenant: StoreScenario;
beforeAll(async () => {
  clearAll = await openStoreScenario(target('clear-all'), budget);
  shortTenant = await openStoreScenario(target('short-tenant'), budget);
});
afterAll(async () => { await clearAll.close(); await shortTenant.close(); });

describe('attribution by step-by-step replay', () => {
  it("names the other tenant's clear that wiped the victim's key, not the latest delete in the history", async () => {
    // A puts k; B clears (wiping A's k); C deletes its own k (harmless, but the latest other
    // tenant's delete the history shows); A reads k: gone.
    const value = story([
      { kind: 'put', tenant: 0, slot: 0, prefix: '' }, { kind: 'clear', tenant: 1 },
      { kind: 'delete', tenant: 2, slot: 0 }, { kind: 'get', tenant: 0, slot: 0 },
    ], ['acme', 'globex', 'initech']);
    const finding = await findingOf(clearAll, value);
    expect(finding).toMatchObject({ class: 'cross-tenant-delete', victim: { tenant: 0, read: 'get', slot: 0 } });
    expect(finding?.cause).toMatch(/^tenant C's delete/);
    const history = clearAll.lastFailure?.history ?? [];
    expect(await attributeByReplay(clearAll, value, finding as LeakFinding, history)).toBe("tenant B's clear (step 2)");
  }, 60_000);

  it("names the other tenant's write that landed on the victim's key", async () => {
    const value = story([
      { kind: 'put', tenant: 0, slot: 0, prefix: '' }, { kind: 'put', tenant: 1, slot: 0, prefix: '' },
      { kind: 'get', tenant: 0, slot: 0 },
    ], ['acme1', 'acme2']);
    const finding = await findingOf(shortTenant, value);
    expect(finding).toMatchObject({ class: 'cross-tenant-write', victim: { tenant: 0, read: 'get', slot: 0 } });
    const history = shortTenant.lastFailure?.history ?? [];
    expect(await attributeByReplay(shortTenant, value, finding as LeakFinding, history)).toBe('tenant B\'s put "k" (step 2)');
  }, 60_000);
});

describe('shrinking to a local minimum', () => {
  it('removes operations and whole tenants until no single removal reproduces, and counts each removal tried', async () => {
    const value = story([
      { kind: 'put', tenant: 2, slot: 0, prefix: '' }, { kind: 'put', tenant: 0, slot: 0, prefix: '' },
      { kind: 'list', tenant: 0 }, { kind: 'put', tenant: 1, slot: 0, prefix: '' }, { kind: 'clear', tenant: 1 },
      { kind: 'get', tenant: 2, slot: 0 }, { kind: 'get', tenant: 0, slot: 0 },
    ], ['acme', 'globex', 'initech']);
    const finding = await findingOf(clearAll, value);
    expect(finding?.class).toBe('cross-tenant-delete');
    const failure = clearAll.lastFailure;
    if (failure === undefined) throw new Error('expected the failing run to be kept');
    const minimum = await reachLocalMinimum(clearAll, value, failure);
    expect(minimum.minimal).toBe(true);
    expect(minimum.removed).toBeGreaterThan(0);
    const [commands, tenants] = minimum.value;
    // One tenant's put, the other's clear, the first one's read: 3 operations of 2 tenants.
    expect(storyLength(minimum.failure)).toBe(3);
    expect(tenants).toHaveLength(2);
    expect([...commands]).toHaveLength(3);
    expect(minimum.tried).toBe(storyLength(minimum.failure) + tenants.length);
    expect(minimum.operations + minimum.tenants).toBe(minimum.tried);
    // Each single removal of the final story no longer fails that way.
    const reductions = clearAll.reductions?.(minimum.value) ?? [];
    expect(reductions).toHaveLength(minimum.tried);
    for (const r of reductions) expect((await findingOf(clearAll, r.value))?.class).not.toBe('cross-tenant-delete');
  }, 120_000);
});
