import { describe, expect, it } from 'vitest';
import { drillRun, failuresOf } from './drillRun.js';

const small = { instances: 2, flips: 3, timeoutMs: 2_000 };

describe('the flag-propagation drill', () => {
  it('times every flip until every instance reports it, on the correct reference service', async () => {
    const e = await drillRun('flag-propagation', { flagPropagation: small });
    expect(e.status).toBe('pass');
    expect(e.metrics).toMatchObject({ instances: 2, flips: 3, lostMessages: 0 });
    expect(e.metrics['maxMs']).toBeGreaterThanOrEqual(e.metrics['p50Ms'] ?? Infinity);
    expect(e.metrics['maxMs']).toBeLessThan(2_000);
  });

  it('fails with lost messages when workers ignore pub/sub updates (pubsub-ignored)', async () => {
    const e = await drillRun('flag-propagation', { flagPropagation: { ...small, instances: 1, timeoutMs: 1_500 }, service: { faults: ['pubsub-ignored'] } });
    expect(e.status).toBe('fail');
    expect(e.metrics['lostMessages']).toBe(1);
    expect(failuresOf(e).join()).toContain('lost message');
  });
});
