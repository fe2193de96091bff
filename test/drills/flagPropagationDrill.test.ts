import { describe, expect, it } from 'vitest';
import { drillRun, failuresOf } from './drillRun.js';

// The rollout's own 30 s bound (the default) decides pass or fail: how fast flips travel depends on the machine.
const small = { instances: 2, flips: 3 };

describe('the flag-propagation drill', () => {
  it('times every flip until every instance reports it, on the correct reference service', async () => {
    const e = await drillRun('flag-propagation', { flagPropagation: small });
    expect(e.status).toBe('pass');
    expect(e.metrics).toMatchObject({ instances: 2, flips: 3, lostMessages: 0 });
    expect(e.metrics['maxMs']).toBeGreaterThanOrEqual(e.metrics['p50Ms'] ?? Infinity); // not timing: two figures of one run
    // Every instance reported every flip, and the slowest of them is the drill's figure.
    const flips = (e.details as { flips: Array<{ instanceMs: Array<number | null> }> }).flips;
    expect(flips.map((f) => f.instanceMs.every((ms) => typeof ms === 'number'))).toEqual([true, true, true]);
    expect(e.metrics['maxMs']).toBe(Math.max(...flips.flatMap((f) => f.instanceMs as number[])));
  });

  it('fails with lost messages when workers ignore pub/sub updates (pubsub-ignored)', async () => {
    const e = await drillRun('flag-propagation', { flagPropagation: { ...small, instances: 1, timeoutMs: 1_500 }, service: { faults: ['pubsub-ignored'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['lostMessages']).toBe(1);
    expect(failuresOf(e).join()).toContain('lost message');
  });
});
