import { describe, expect, it } from 'vitest';
import { startLocalRedisServer } from '../../src/redis/index.js';
import { checkTenantRetrieval, loadScenarioTargets } from '../../src/scenarios/index.js';

// The bundled reference service, loaded the way `isogate scenario` loads it.
const { startRetrievalService } = await loadScenarioTargets();

async function run(seed: number, faults: string[] = []) {
  const redis = await startLocalRedisServer();
  try {
    return await checkTenantRetrieval({
      startRetrievalService, redisUrl: redis.url, namespace: 'isogate:rt', faults, seed,
      stopStore: async () => { await redis.stop(); },
    });
  } finally {
    await redis.stop();
  }
}

function text(o: Awaited<ReturnType<typeof run>>): string {
  return `seed ${o.seed}: ${o.status === 'fail' ? o.summary : 'pass'}`;
}

describe('tenant-retrieval check', () => {
  it.each([1, 2])('passes the correct retrieval service, fallback flagged, within the SLA (seed %i)', async (seed) => {
    const outcome = await run(seed);
    expect(outcome.status, text(outcome)).toBe('pass');
    expect(outcome.metrics.fallbacks).toBeGreaterThan(0);
    expect(outcome.metrics.latencySamples).toBe(100);
    expect(outcome.metrics.queries).toBeGreaterThanOrEqual(100);
    expect(outcome.metrics.p95Ms).toBeGreaterThan(0);
  });

  const faults: Array<[string, 'leaks' | 'filterViolations' | 'routingMismatches' | 'fallbackUndetected']> = [
    ['filter-after-topk', 'filterViolations'],
    ['filter-dropped-on-empty', 'leaks'],
    ['fallback-unfiltered', 'leaks'],
    ['allowlist-ignored', 'routingMismatches'],
    ['fallback-unflagged', 'fallbackUndetected'],
  ];
  for (const [fault, metric] of faults) {
    it.each([4, 5])(`catches ${fault} through ${metric} (seed %i)`, async (seed) => {
      const outcome = await run(seed, [fault]);
      expect(outcome.status, text(outcome)).toBe('fail');
      expect(outcome.metrics[metric]).toBeGreaterThan(0);
    });
  }
});
