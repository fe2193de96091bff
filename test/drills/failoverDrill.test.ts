import { describe, expect, it } from 'vitest';
import { drillRun } from './drillRun.js';

const small = { instances: 2, trafficMs: 600 };

describe('the failover drill', () => {
  it('follows a sentinel failover and reads every acknowledged write back unmixed, on the correct reference service', async () => {
    const e = await drillRun('failover', { failover: small });
    expect(e.status).toBe('pass');
    expect(e.metrics).toMatchObject({ mixedReads: 0, unhandledErrors: 0 });
    expect(e.metrics['acknowledgedWrites']).toBeGreaterThanOrEqual(50);
    expect(e.metrics['failoverMs']).toBeLessThan(30_000);
    expect(e.metrics['failoverMs']).toBeGreaterThanOrEqual(e.metrics['sentinelFailoverMs'] ?? Infinity);
  });

  it('fails when the fallback that bridges the failover throws (fallback-throws)', async () => {
    const e = await drillRun('failover', { failover: { instances: 1, trafficMs: 300 }, service: { faults: ['fallback-throws'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['unhandledErrors']).toBeGreaterThan(0);
  });
});
