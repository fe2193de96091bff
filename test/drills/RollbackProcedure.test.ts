import { describe, expect, it } from 'vitest';
import { drillsConfigSchema } from '../../src/drills/index.js';
import { clearsOverrides, rollbackSteps, stuckTenantsMessage } from '../../src/drills/RollbackProcedure.js';

describe('the rollback procedure a drill executes', () => {
  it('defaults to the documented runbook (global flag off + broadcast); clearing overrides must be declared', () => {
    expect(drillsConfigSchema.parse({}).rollback.procedure).toBe('global-off');
    expect(drillsConfigSchema.parse({ rollback: { procedure: 'global-and-overrides-off' } }).rollback.procedure).toBe('global-and-overrides-off');
    expect(() => drillsConfigSchema.parse({ rollback: { procedure: 'everything-off' } })).toThrow();
    expect(clearsOverrides('global-off')).toBe(false);
    expect(clearsOverrides('global-and-overrides-off')).toBe(true);
  });

  it('lists the steps drilled, overrides named only when the runbook clears them', () => {
    expect(rollbackSteps('global-off', 'F', ['acme']).join('; ')).toBe('SET F false (the global value); broadcast the change (the flag setter publishes it); wait until every instance reports the new flags version');
    expect(rollbackSteps('global-and-overrides-off', 'F', ['acme', 'globex'])[1]).toBe('SET F false for every per-tenant override (acme, globex)');
  });

  it('names how many tenants stayed, why, and what to do', () => {
    const byOverride = stuckTenantsMessage(['acme'], ['acme', 'globex'], 'global-off', ['acme', 'globex'], true);
    expect(byOverride).toMatch(/^1 of the 2 tenant\(s\) on the new path before the rollback \(acme\)/);
    // The cause comes first (a gate report quotes the start of a check's failure).
    expect(byOverride).toMatch(/\(acme\) were still served from it after the rollback completed: a per-tenant override outranks the global flag, /);
    expect(byOverride).toMatch(/leaves per-tenant overrides in place \(each of them had one\)/);
    expect(byOverride).toMatch(/declare it \(drills\.rollback\.procedure: 'global-and-overrides-off'\), or make the global off a kill switch/);
    // Cleared overrides, or none at all: the instances did not apply what they reported.
    expect(stuckTenantsMessage(['acme'], ['acme'], 'global-and-overrides-off', ['acme'], true)).toMatch(/report the rollback but do not apply it/);
    expect(stuckTenantsMessage(['acme'], ['acme'], 'global-off', [], false)).toMatch(/not every instance applied the rollback/);
  });
});
