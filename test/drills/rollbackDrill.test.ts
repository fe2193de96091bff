import { describe, expect, it } from 'vitest';
import { drillRun } from './drillRun.js';

// The rollout's own 5-minute bound (the default) decides pass or fail: how long a rollback takes depends on the machine.
const small = { instances: 2, trafficMs: 500 };

describe('the rollback drill', () => {
  it('moves every instance to the fallback under traffic and restores tenant state intact, on the correct reference service', async () => {
    const e = await drillRun('rollback', { rollback: small });
    expect(e.status).toBe('pass');
    expect(e.metrics).toMatchObject({ unhandledErrors: 0, lostWrites: 0, crossedWrites: 0 });
    // Traffic ran before and after the rollback, and every instance served the 'off' traffic from the fallback.
    const details = e.details as { traffic: Record<string, { requests: number }>; fallbackPath: Array<{ redisOps: number; legacyOps: number } | null> };
    for (const phase of ['on', 'off']) expect(details.traffic[phase]?.requests, phase).toBeGreaterThan(0);
    expect(details.fallbackPath.map((p) => p !== null && p.redisOps === 0 && p.legacyOps > 0)).toEqual([true, true]);
    expect(e.metrics['requests']).toBe(Object.values(details.traffic).reduce((n, t) => n + t.requests, 0));
  });

  it('fails on unhandled errors when the fallback path throws (fallback-throws)', async () => {
    const e = await drillRun('rollback', { rollback: small, service: { faults: ['fallback-throws'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['unhandledErrors']).toBeGreaterThan(0);
  });

  it('starts from the stage\'s allow-list: only the listed tenant is on the new path, and the rollback undoes its override', async () => {
    const e = await drillRun('rollback', { rollback: small }, { exposure: { kind: 'allow-list', tenants: ['acme'] }, arm: 'new:allow=1' });
    expect(e.status).toBe('pass');
    const details = e.details as { fleet: { exposedTenants: string[] }; newPathOps: number; arm: { state: string }; fallbackPath: Array<{ redisOps: number } | null> };
    expect(details.fleet.exposedTenants).toEqual(['acme']);
    expect(details.arm.state).toBe('new:allow=1');
    // The allow-listed tenant's traffic really ran on Redis before the rollback, and none after it.
    expect(details.newPathOps).toBeGreaterThan(0);
    expect(details.fallbackPath.map((p) => p?.redisOps)).toEqual([0, 0]);
  });

  it('is INCONCLUSIVE, never a pass, when the stage\'s cohort holds none of the drill\'s tenants', async () => {
    // 10% of the four demo tenants by the reference hash is nobody: only the flag-off path would run.
    const e = await drillRun('rollback', { rollback: small }, { exposure: { kind: 'cohort', percent: 10 }, arm: 'new:cohort=10' });
    expect(e.status).toBe('inconclusive');
    expect((e.details as { inconclusive: string[] }).inconclusive.join(' ')).toMatch(/turns none of the drill's tenants .* on/);
  });
});
