import { describe, expect, it } from 'vitest';
import { drillRun } from './drillRun.js';

// The default recovery budget (20 s) decides pass or fail: how fast the service notices Redis depends on the machine.
const small = { instances: 2, trafficMs: 500, outageMs: 1_000 };

describe('the fallback drill', () => {
  it('keeps serving while Redis is dead and recovers when it returns, on the correct reference service', async () => {
    const e = await drillRun('fallback', { fallback: small });
    expect(e.status).toBe('pass');
    expect(e.metrics).toMatchObject({ unhandledErrors: 0, lostWrites: 0, crossedWrites: 0 });
    expect(e.metrics['servedDuringOutage']).toBeGreaterThan(0);
    // Requests were answered before the kill and during the outage.
    const traffic = (e.details as { traffic: Record<string, { ok: number }> }).traffic;
    for (const phase of ['up', 'down']) expect(traffic[phase]?.ok, phase).toBeGreaterThan(0);
  });

  it('fails on unhandled errors when the fallback path throws (fallback-throws)', async () => {
    const e = await drillRun('fallback', { fallback: { ...small, instances: 1, trafficMs: 300, outageMs: 600 }, service: { faults: ['fallback-throws'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['unhandledErrors']).toBeGreaterThan(0);
  });
});
