import { describe, expect, it } from 'vitest';
import type { FlagExposure } from '../../src/drills/index.js';
import type { Evidence } from '../../src/evidence/index.js';
import { evaluateStage, findStage, PRESETS, type CriterionOutcome } from '../../src/gate/index.js';
import { parseArmState, resolveExposure } from '../../src/load/index.js';
import { drillRun, failuresOf } from './drillRun.js';

// The rollout's own 5-minute bound (the default) decides pass or fail: how long a rollback takes depends on the machine.
const small = { instances: 2, trafficMs: 500 };

// The pilot stage: one pilot tenant on an allow-list. Its rollback drill starts from the stage's
// own candidate, resolved as `isogate drill --candidate` resolves it.
const pilot = findStage(PRESETS['tenant-scoped-state'], 'pilot').stage;
const pilotArm = pilot.arms?.candidate ?? '';
const pilotExposure = { exposure: resolveExposure(parseArmState(pilotArm).exposure, ['acme', 'globex', 'initech', 'umbrella']) as FlagExposure, arm: pilotArm };

/** The pilot stage's rollback criteria, judged on this drill's evidence. */
function pilotRollback(e: Evidence): Record<string, CriterionOutcome> {
  const verdict = evaluateStage(pilot, [e]);
  return Object.fromEntries(verdict.outcomes.filter((o) => o.criterion.check === 'drill:rollback').map((o) => [o.criterion.id, o]));
}

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
    // not timing: a count; the traffic before the rollback goes on until the stage's minimum of requests is in
    expect(e.metrics['requests']).toBeGreaterThanOrEqual(50);
    // Everybody was on the flag's global value, which the documented runbook turns off: every tenant is on the fallback.
    expect((e.details as { procedure: { name: string } }).procedure.name).toBe('global-off');
    expect(Object.values((e.details as { tenantsAfterRollback: Record<string, string[]> }).tenantsAfterRollback).flat().every((p) => p === 'fallback')).toBe(true);
  });

  it('fails on unhandled errors when the fallback path throws (fallback-throws)', async () => {
    const e = await drillRun('rollback', { rollback: small, service: { faults: ['fallback-throws'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['unhandledErrors']).toBeGreaterThan(0);
  });

  it('starts from the pilot stage\'s allow-list: only the listed tenant is on the new path, and a runbook declared to clear overrides undoes it: the stage\'s rollback criteria pass', async () => {
    expect(pilotArm).toBe('new:allow=1');
    const e = await drillRun('rollback', { rollback: { ...small, procedure: 'global-and-overrides-off' } }, pilotExposure);
    expect(e.status).toBe('pass');
    const judged = pilotRollback(e);
    expect(Object.keys(judged)).toEqual(['pilot.rollback-time', 'pilot.rollback-no-errors', 'pilot.rollback-tenants-off']);
    expect(Object.values(judged).map((o) => o.status)).toEqual(['pass', 'pass', 'pass']);
    const details = e.details as { fleet: { exposedTenants: string[] }; newPathOps: number; arm: { state: string }; fallbackPath: Array<{ redisOps: number } | null>;
      procedure: { name: string; steps: string[] }; tenantsAfterRollback: Record<string, string[]> };
    expect(details.fleet.exposedTenants).toEqual(['acme']);
    expect(details.arm.state).toBe('new:allow=1');
    // The allow-listed tenant's traffic really ran on Redis before the rollback, and none after it.
    expect(details.newPathOps).toBeGreaterThan(0);
    expect(details.fallbackPath.map((p) => p?.redisOps)).toEqual([0, 0]);
    // The evidence says which runbook was drilled, and that each instance served acme from the fallback.
    expect(details.procedure.name).toBe('global-and-overrides-off');
    expect(details.procedure.steps.join('; ')).toMatch(/per-tenant override \(acme\)/);
    expect(details.tenantsAfterRollback).toEqual({ acme: ['fallback', 'fallback'] });
  });

  it('FAILS the documented runbook (global flag off + broadcast) at the pilot stage: the override outranks it, the stage\'s rollback criterion fails and says what to do', async () => {
    const e = await drillRun('rollback', { rollback: small }, pilotExposure);
    expect(e.status).toBe('fail');
    expect(e.metrics['tenantsOnNewPath']).toBe(1);
    const judged = pilotRollback(e);
    expect(judged['pilot.rollback-tenants-off']?.status).toBe('fail');
    expect(judged['pilot.rollback-tenants-off']?.reason).toMatch(/^tenantsOnNewPath = 1 on drill:rollback\/reference-service, must be == 0: 1 of the 1 tenant\(s\) .* a per-tenant override outranks the global flag/);
    // The rollback itself was quick and clean: only the tenant left on the new path fails it.
    expect(judged['pilot.rollback-time']?.status).toBe('pass');
    expect(judged['pilot.rollback-no-errors']?.status).toBe('pass');
    const details = e.details as { procedure: { name: string }; tenantsAfterRollback: Record<string, string[]> };
    expect(details.procedure.name).toBe('global-off');
    expect(details.tenantsAfterRollback).toEqual({ acme: ['new', 'new'] });
    const message = failuresOf(e).join(' | ');
    expect(message).toMatch(/1 of the 1 tenant\(s\) on the new path before the rollback \(acme\) were still served from it/);
    expect(message).toMatch(/per-tenant override outranks the global flag/);
    expect(message).toMatch(/drills\.rollback\.procedure: 'global-and-overrides-off'.*kill switch/);
  });

  it('is INCONCLUSIVE, never a pass, when the stage\'s cohort holds none of the drill\'s tenants', async () => {
    // 10% of the four demo tenants by the reference hash is nobody: only the flag-off path would run.
    const e = await drillRun('rollback', { rollback: small }, { exposure: { kind: 'cohort', percent: 10 }, arm: 'new:cohort=10' });
    expect(e.status).toBe('inconclusive');
    expect((e.details as { inconclusive: string[] }).inconclusive.join(' ')).toMatch(/turns none of the drill's tenants .* on/);
  });
});
