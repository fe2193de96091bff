import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLatencyStats, probeRedisLatency } from '../../src/load/probeRedisLatency.js';
import { startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';

let redis: RunningRedis;
beforeAll(async () => { redis = await startLocalRedisServer(); });
afterAll(async () => { await redis.stop(); });

const base = { enabled: true, samples: 1000, p95LimitMs: 5, minSamples: 500, confidence: 0.95, seed: 1 };

describe('probeRedisLatency', () => {
  it('times commands through ioredis\' tracing channel, and its verdict follows from the P95 interval and the limit', async () => {
    const { evidence, timing } = await probeRedisLatency(redis, base);
    expect(timing).toBe('ioredis:command');
    expect(evidence.check).toBe('redis-latency');
    // Whether a local Redis is under 5 ms depends on the machine; the verdict's rule does not.
    const [lo, hi] = [evidence.metrics['p95Ms.lo'] ?? Number.NaN, evidence.metrics['p95Ms.hi'] ?? Number.NaN];
    expect(evidence.status).toBe(hi < base.p95LimitMs ? 'pass' : lo >= base.p95LimitMs ? 'fail' : 'inconclusive');
    expect(evidence.metrics['samples']).toBe(1000);
    // not timing: an interval holds its own estimate
    expect(evidence.metrics['p95Ms.lo']).toBeLessThanOrEqual(evidence.metrics['p95Ms']!);
    expect(evidence.metrics['p95Ms.hi']).toBeGreaterThanOrEqual(evidence.metrics['p95Ms']!); // not timing: as above
    expect(evidence.metrics['serverP50Ms']).toBeGreaterThan(0);
  });

  it('passes when the P95 is wholly below the limit', async () => {
    const { evidence } = await probeRedisLatency(redis, { ...base, p95LimitMs: 60_000 }); // hang guard: only a Redis taking a minute per command fails this limit
    expect(evidence.status).toBe('pass');
    expect(evidence.metrics['p95LimitMs']).toBe(60_000);
  });

  it('fails when the P95 is wholly above the limit, and is inconclusive below the minimum samples', async () => {
    expect((await probeRedisLatency(redis, { ...base, p95LimitMs: 0.001 })).evidence.status).toBe('fail');
    expect((await probeRedisLatency(redis, { ...base, samples: 100 })).evidence.status).toBe('inconclusive');
  });

  it('leaves no keys behind', async () => {
    const { Redis } = await import('ioredis');
    const c = new Redis(redis.url);
    expect(await c.dbsize()).toBe(0);
    c.disconnect();
  });
});

describe('parseLatencyStats', () => {
  it('reads INFO latencystats lines in ms', () => {
    const info = '# Latencystats\r\nlatency_percentiles_usec_get:p50=1.003,p99=2.007,p99.9=10.015\r\nlatency_percentiles_usec_set:p50=3.000\r\n';
    const stats = parseLatencyStats(info);
    expect(Object.keys(stats)).toEqual(['get', 'set']);
    expect(stats['get']?.['p50']).toBeCloseTo(0.001003, 9);
    expect(stats['get']?.['p99.9']).toBeCloseTo(0.010015, 9);
    expect(stats['set']).toEqual({ p50: 0.003 });
  });
});
