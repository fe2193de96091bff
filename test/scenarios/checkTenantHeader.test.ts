import { describe, expect, it } from 'vitest';
import { checkTenantHeader, loadScenarioTargets } from '../../src/scenarios/index.js';

// The bundled reference service, loaded the way `isogate scenario` loads it.
const { startTenantGateway } = await loadScenarioTargets();

function text(o: Awaited<ReturnType<typeof checkTenantHeader>>): string {
  return `seed ${o.seed}: ${o.status === 'fail' ? o.summary : 'pass'}`;
}

describe('tenant-header check', () => {
  it.each([1, 2])('passes the correct gateway over the whole spoof matrix (seed %i)', async (seed) => {
    const outcome = await checkTenantHeader({ startTenantGateway, seed });
    expect(outcome.status, text(outcome)).toBe('pass');
    // not timing: the spoof matrix's size, drawn from the seed
    expect(outcome.metrics.cases).toBeGreaterThan(1500);
    expect(outcome.metrics.denied).toBeGreaterThan(0);
  });

  const faults: Array<[string, 'wrongTenant' | 'policyMismatches']> = [
    ['alias-after-cutoff', 'policyMismatches'],
    ['spoof-not-stripped', 'wrongTenant'],
    ['mismatch-allowed', 'wrongTenant'],
    ['ambiguous-token-first-wins', 'wrongTenant'],
  ];
  for (const [fault, metric] of faults) {
    it.each([3, 4])(`catches ${fault} through ${metric} (seed %i)`, async (seed) => {
      const outcome = await checkTenantHeader({ startTenantGateway, seed, faults: [fault] });
      expect(outcome.status, text(outcome)).toBe('fail');
      expect(outcome.metrics[metric]).toBeGreaterThan(0);
      // An alias accepted after the cutoff is served as the token's own tenant, so only the
      // policy and the legacy-usage counters can show it.
      if (fault === 'alias-after-cutoff') {
        expect(outcome.metrics.wrongTenant).toBe(0);
        expect(outcome.metrics.telemetryMismatches).toBeGreaterThan(0);
      }
    });
  }
});
