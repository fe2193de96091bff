import { describe, expect, it } from 'vitest';
import { drillRun } from './drillRun.js';

const small = { instances: 2, trafficMs: 500, thresholdMs: 5_000 };

describe('the rollback drill', () => {
  it('moves every instance to the fallback under traffic and restores tenant state intact, on the correct reference service', async () => {
    const e = await drillRun('rollback', { rollback: small });
    expect(e.status).toBe('pass');
    expect(e.metrics).toMatchObject({ unhandledErrors: 0, lostWrites: 0, crossedWrites: 0 });
    expect(e.metrics['requests']).toBeGreaterThanOrEqual(50);
    expect(e.metrics['durationMs']).toBeLessThan(5_000);
  });

  it('fails on unhandled errors when the fallback path throws (fallback-throws)', async () => {
    const e = await drillRun('rollback', { rollback: small, service: { faults: ['fallback-throws'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['unhandledErrors']).toBeGreaterThan(0);
  });

});
