import { describe, expect, it } from 'vitest';
import { globKeyspace, openStoreScenario, runLeakScenario, type StoreBudget, type StoreTarget } from '../../src/leakage/index.js';
import { createToyStore, toyKeyspace, type ToyBug } from './ToyStore.js';

/**
 * The engine against a small store of our own over real Redis (independent of the reference
 * service): correct → pass; each seeded bug → a finding of the right kind. The ambient-tenant
 * bug leaks only under concurrency: without it the engine cannot see it, with it it must.
 */
const target = (bug: ToyBug): StoreTarget => ({
  name: `toy-${bug}`, createStore: (env) => createToyStore(env, bug), tenantSpace: { pattern: undefined },
  keySpace: { pattern: undefined }, exact: true, keyspace: globKeyspace(toyKeyspace), flags: undefined,
});
const budget = (concurrency: boolean): StoreBudget => ({
  maxCommands: 16, minTenants: 2, maxTenants: 8, flips: false, faults: concurrency, concurrency, opTimeoutMs: 5_000,
});

async function run(bug: ToyBug, concurrency: boolean, seed: number) {
  const scenario = await openStoreScenario(target(bug), budget(concurrency));
  return runLeakScenario(`toy-${bug}`, scenario, { runs: 60, seed });
}

// One at a time: the ambient-tenant race shows only under some interleavings, which must come from
// the seed's schedule, not from other tests sharing the event loop.
describe('the engine on a toy store', () => {
  it('passes the correct toy (faults and concurrency on)', async () => {
    const r = await run('none', true, 11);
    expect(r.outcome.status, JSON.stringify(r.outcome)).toBe('pass');
    expect(r.score.score).toBe(100);
    expect(r.score.observations).toBeGreaterThan(0);
  });
  it('catches a SCAN prefix collision as a leak', async () => {
    const r = await run('scan-prefix', false, 12);
    expect(r.outcome.status).toBe('fail');
    if (r.outcome.status === 'fail') {
      const c = r.outcome.counterexample;
      expect(c.finding.class).toMatch(/^read-leak/);
      // A local minimum: no single operation or tenant can be removed and still fail the same way.
      expect(c.minimality.tried).toBeGreaterThan(0);
      expect(c.minimality.minimal, c.story.join('\n')).toBe(true);
      expect(c.minimality.length).toBeLessThanOrEqual(c.length);
      // The removals tried on the final story: one per operation of its story, one per tenant.
      expect(c.minimality.operations).toBe(c.minimality.length);
      expect(c.minimality.tried).toBe(c.minimality.operations + c.minimality.tenants);
      expect(c.minimality.tenants).toBeGreaterThanOrEqual(2);
    }
  });
  it('catches a shared stream in the keyspace check', async () => {
    const r = await run('shared-stream', false, 13);
    expect(r.outcome.status).toBe('fail');
  });
  it('reports a contract-breaking output as a finding, not a crash', async () => {
    const r = await run('bad-shape', false, 14);
    expect(r.outcome.status).toBe('fail');
    if (r.outcome.status === 'fail') expect(r.outcome.counterexample.finding.class).toBe('contract');
  });
  it('misses the ambient tenant sequentially, and finds it concurrently', async () => {
    expect((await run('ambient', false, 15)).outcome.status).toBe('pass');
    const r = await run('ambient', true, 15);
    expect(r.outcome.status).toBe('fail');
    if (r.outcome.status === 'fail') expect(r.outcome.counterexample.interleaving.length).toBeGreaterThan(0);
  });
});
