import { describe, expect, it } from 'vitest';
import { drillRun } from './drillRun.js';

// The rollout's own 30 s bound (the default) decides pass or fail: how fast sentinels fail over depends on the machine.
const small = { instances: 2, trafficMs: 600 };

describe('the failover drill', () => {
  it('follows a sentinel failover and reads every acknowledged write back unmixed, on the correct reference service', async () => {
    const e = await drillRun('failover', { failover: small });
    expect(e.status).toBe('pass');
    expect(e.metrics).toMatchObject({ mixedReads: 0, unhandledErrors: 0 });
    // not timing: a count; the traffic goes on until the stage's minimum of acknowledged writes is in, however slow the machine
    expect(e.metrics['acknowledgedWrites']).toBeGreaterThanOrEqual(50);
    // Every acknowledged write was read back; the only ones missing are those asynchronous replication lost.
    expect(e.metrics['lostAcknowledged']).toBe(e.metrics['lostToReplication']);
    const details = e.details as { promotedPort: number | null; primaryPort: number; traffic: Record<string, { ok: number }> };
    expect(details.promotedPort).not.toBeNull();
    expect(details.promotedPort).not.toBe(details.primaryPort);
    for (const phase of ['before', 'after']) expect(details.traffic[phase]?.ok, phase).toBeGreaterThan(0);
    // not timing: two figures of one run, the sentinels' promotion being part of the whole failover
    expect(e.metrics['failoverMs']).toBeGreaterThanOrEqual(e.metrics['sentinelFailoverMs'] ?? Infinity);
  });

  it('fails when the fallback that bridges the failover throws (fallback-throws)', async () => {
    const e = await drillRun('failover', { failover: { instances: 1, trafficMs: 300 }, service: { faults: ['fallback-throws'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['unhandledErrors']).toBeGreaterThan(0);
  });
});
