import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type fc from 'fast-check';
import {
  globKeyspace, openHttpScenario, openStoreScenario, type HttpScenarioValue, type HttpTarget, type LeakFinding, type LeakScenario, type StoreBudget,
  type StoreScenario, type StoreTarget,
} from '../../src/leakage/index.js';
import type { HttpRun } from '../../src/leakage/HttpRun.js';
import type { HttpStepValue } from '../../src/leakage/HttpStep.js';
import { isLeakFindingError } from '../../src/leakage/LeakFinding.js';
import { reachLocalMinimum } from '../../src/leakage/LocalMinimum.js';
import { storyLength } from '../../src/leakage/LeakStory.js';
import { attributeByReplay } from '../../src/leakage/StepwiseAttribution.js';
import { StoreCommand } from '../../src/leakage/StoreCommand.js';
import type { StoreScenarioValue } from '../../src/leakage/StoreScenario.js';
import type { StoreOp } from '../../src/leakage/StoreStep.js';
import { createToyStore, toyKeyspace, type ToyBug } from './ToyStore.js';
import { startToyHttpService } from './ToyHttpService.js';

/**
 * On seeded faults of the toy store (a clear that wipes every tenant; a tenant id cut short, so
 * one tenant's write lands on another's key) and of the toy notes service (a clear that wipes
 * every tenant), with stories written by hand: the cause a finding names is the operation after
 * which the victim's data changed in a step-by-step replay (not the latest suspect in the
 * history), also when it ran in one concurrent step with the victim's write, and the
 * local-minimum pass ends on a story no single removal (an operation, or a tenant with all its
 * operations) reproduces.
 */
const budget: StoreBudget = { maxCommands: 16, minTenants: 2, maxTenants: 8, flips: false, faults: false, concurrency: false, opTimeoutMs: 5_000 };
const target = (bug: ToyBug): StoreTarget => ({
  name: `toy-${bug}`, createStore: (env) => createToyStore(env, bug), tenantSpace: { pattern: undefined },
  keySpace: { pattern: undefined }, exact: true, keyspace: globKeyspace(toyKeyspace), flags: undefined,
});
const op = (o: StoreOp): StoreCommand => new StoreCommand({ kind: 'op', op: o });
const story = (ops: StoreOp[], tenants: string[]): StoreScenarioValue => [ops.map(op), tenants, [{ base: 'k', tokened: false }]];

async function findingOf<T>(scenario: LeakScenario<T>, value: T): Promise<LeakFinding | undefined> {
  try {
    await scenario.property(value);
    return undefined;
  } catch (error) {
    if (isLeakFindingError(error)) return error.finding;
    throw error;
  }
}

/** The toy notes service whose DELETE /notes clears every tenant's notes, not the caller's. */
const httpClearAll: HttpTarget = {
  name: 'toy-http-clear-all', baseUrl: undefined, start: (env) => startToyHttpService(env, 'clear-all'),
  tenants: ['acme', 'globex', 'initech'].map((id) => ({ id, headers: { authorization: `Bearer tok-${id}` } })),
  resources: [{
    name: 'notes', idScope: 'tenant',
    create: { method: 'PUT', path: '/notes/{id}', body: { value: '{token}' }, idFrom: 'id' },
    read: { method: 'GET', path: '/notes/{id}' }, list: { method: 'GET', path: '/notes' }, delete: { method: 'DELETE', path: '/notes/{id}' },
    clear: { method: 'DELETE', path: '/notes', scope: 'tenant' },
  }],
  denyStatuses: [403, 404], spoofHeaders: [], exact: true, keyspace: undefined, flags: undefined,
};
const httpStory = (steps: HttpStepValue[]): HttpScenarioValue => steps.map((step): fc.AsyncCommand<object, HttpRun, boolean> => ({
  check: () => true, run: (_m, real) => real.execute(step), toString: () => step.kind,
}));

let clearAll: StoreScenario;
let shortTenant: StoreScenario;
let httpClear: LeakScenario<HttpScenarioValue>;
beforeAll(async () => {
  clearAll = await openStoreScenario(target('clear-all'), budget);
  shortTenant = await openStoreScenario(target('short-tenant'), budget);
  httpClear = await openHttpScenario(httpClearAll, { ...budget, concurrency: true });
});
afterAll(async () => { await clearAll.close(); await shortTenant.close(); await httpClear.close(); });

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

  // The group lists B's clear first, but the schedule starts and completes A's put before the
  // clear starts: a replay between steps sees no change, and one in the group's order none either.
  it("names the other tenant's clear that ran in the same concurrent step as the victim's put", async () => {
    const value: StoreScenarioValue = [[
      new StoreCommand({ kind: 'concurrent', ops: [{ kind: 'clear', tenant: 1 }, { kind: 'put', tenant: 0, slot: 0, prefix: '' }], schedule: [1, 0, 0], fault: null }),
      op({ kind: 'get', tenant: 0, slot: 0 }),
    ], ['acme', 'globex'], [{ base: 'k', tokened: false }]];
    const finding = await findingOf(clearAll, value);
    expect(finding).toMatchObject({ class: 'cross-tenant-delete', victim: { tenant: 0, read: 'get', slot: 0 } });
    const history = clearAll.lastFailure?.history ?? [];
    expect(await attributeByReplay(clearAll, value, finding as LeakFinding, history)).toBe("tenant B's clear (step 1)");
  }, 60_000);

  // C deletes its own note and B clears in one concurrent step: the step shows A's note gone, and
  // holds two suspects; only a replay of the step one request at a time tells which it was.
  it("over HTTP, names the clear, not another tenant's delete of its own note in the same concurrent step", async () => {
    const value = httpStory([
      { kind: 'op', op: { kind: 'create', tenant: 0, resource: 0, spoof: null } },
      { kind: 'op', op: { kind: 'create', tenant: 2, resource: 0, spoof: null } },
      { kind: 'concurrent', ops: [{ kind: 'delete', tenant: 2, resource: 0, ref: 1, spoof: null }, { kind: 'clear', tenant: 1, resource: 0, spoof: null }], schedule: [] },
      { kind: 'op', op: { kind: 'read', tenant: 0, resource: 0, ref: 0, spoof: null } },
    ]);
    const finding = await findingOf(httpClear, value);
    expect(finding).toMatchObject({ class: 'cross-tenant-delete', victim: { tenant: 0, read: 'resource', entry: 0 } });
    const history = httpClear.lastFailure?.history ?? [];
    expect(await attributeByReplay(httpClear, value, finding as LeakFinding, history)).toBe("tenant B's clear notes (step 3)");
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
