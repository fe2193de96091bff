import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';
import { openHttpScenario, runLeakScenario, type HttpTarget, type StoreBudget } from '../../src/leakage/index.js';
import { writeFaultConfig } from './faultConfig.js';
import { startToyHttpService, type ToyHttpBug } from './ToyHttpService.js';

/**
 * Over HTTP as for module targets: on the Redis the engine started, a key the service writes
 * outside the engine's root (token or not) is an `outside-namespace` finding. A service that
 * keeps a directory of its tenants at the root of the database is caught; the same service
 * without it, and the correct reference service (flag flips, Redis faults and concurrency on,
 * its flag keys under the namespace it is given), pass.
 */
const target = (bug: ToyHttpBug): HttpTarget => ({
  name: `toy-http-${bug}`, baseUrl: undefined, start: (env) => startToyHttpService(env, bug),
  tenants: ['acme', 'globex'].map((id) => ({ id, headers: { authorization: `Bearer tok-${id}` } })),
  resources: [{
    name: 'notes', idScope: 'tenant',
    create: { method: 'PUT', path: '/notes/{id}', body: { value: '{token}' }, idFrom: 'id' },
    read: { method: 'GET', path: '/notes/{id}' }, list: { method: 'GET', path: '/notes' }, delete: { method: 'DELETE', path: '/notes/{id}' },
  }],
  denyStatuses: [403, 404], spoofHeaders: [], exact: true, keyspace: undefined, flags: undefined,
});
const budget: StoreBudget = { maxCommands: 10, minTenants: 2, maxTenants: 2, flips: false, faults: false, concurrency: true, opTimeoutMs: 5_000 };

const config = writeFaultConfig([]);
afterAll(() => config.remove());

describe('keys an HTTP service writes outside the engine root', () => {
  it('catches a tenant directory kept at the root of the database', async () => {
    const scenario = await openHttpScenario(target('registry'), budget);
    const r = await runLeakScenario('toy-http-registry', scenario, { runs: 10, seed: 31 });
    expect(r.outcome.status).toBe('fail');
    if (r.outcome.status !== 'fail') return;
    const c = r.outcome.counterexample;
    expect(c.finding.class).toBe('outside-namespace');
    expect(c.finding.message).toContain('"tenants:all"');
    expect(c.finding.message).toContain('outside the namespace the target was given');
  }, 60_000); // hang guard: ten short HTTP runs and their shrinking

  it('passes the same service without the directory', async () => {
    const scenario = await openHttpScenario(target('none'), budget);
    const r = await runLeakScenario('toy-http-none', scenario, { runs: 10, seed: 31 });
    expect(r.outcome, JSON.stringify(r.outcome)).toEqual({ status: 'pass' });
    expect(r.keysChecked).toBeGreaterThan(0);
  }, 60_000); // hang guard: ten short HTTP runs

  it('passes the correct reference service over HTTP (flips, faults, concurrency on)', async () => {
    const loaded = await loadConfig(config.path);
    const { kind, result } = await runTargetLeakage(loaded, 'http', { seed: 424242, runs: 12 });
    expect(kind).toBe('http');
    expect(result.outcome, JSON.stringify(result.outcome)).toEqual({ status: 'pass' });
    expect(result.keysChecked).toBeGreaterThan(0);
  }, 120_000); // hang guard: twelve HTTP runs with Redis restarts
});
