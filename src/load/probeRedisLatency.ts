import dc from 'node:diagnostics_channel';
import { Redis } from 'ioredis';
import type { Evidence } from '../evidence/index.js';
import { openRunNamespace, type RunningRedis } from '../redis/index.js';
import type { LoadConfig } from './LoadConfig.js';
import { MetricSheet } from './loadEvidence.js';
import { sortedCopy } from './quantile.js';
import { quantileInterval } from './quantileInterval.js';

export interface RedisLatencyResult {
  evidence: Evidence;
  /** Where the timings came from: ioredis' own tracing channel, or hrtime around each call. */
  timing: 'ioredis:command' | 'hrtime';
}

/** `latency_percentiles_usec_<cmd>:p50=…,p99=…` lines of INFO latencystats (Redis 7+), in ms. */
export function parseLatencyStats(info: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const line of info.split(/\r?\n/)) {
    const m = /^latency_percentiles_usec_([^:]+):(.*)$/.exec(line.trim());
    if (m === null) continue;
    const stats: Record<string, number> = {};
    for (const part of (m[2] as string).split(',')) {
      const [k, v] = part.split('=');
      if (k !== undefined && v !== undefined && Number.isFinite(Number(v))) stats[k] = Number(v) / 1000;
    }
    out[(m[1] as string).toLowerCase()] = stats;
  }
  return out;
}

interface TraceContext { serverPort?: number; args?: unknown[] }

/** The commands a tenant-scoped store issues on each request (HMGET, not HGET: ioredis' tracing redacts HGET's key, so it could not be told apart). */
function commandFor(redis: Redis, i: number, prefix: string): Promise<unknown> {
  const key = `${prefix}:probe:${i % 64}`;
  switch (i % 5) {
    case 0: return redis.set(key, `v${i}`);
    case 1: return redis.get(key);
    case 2: return redis.hset(`${key}:h`, 'f', `v${i}`);
    case 3: return redis.hmget(`${key}:h`, 'f');
    default: return redis.exists(key);
  }
}

/**
 * P50/P95/P99 of typical commands over `samples` sequential calls, timed by ioredis' tracing
 * channel when this ioredis has one (else hrtime around each call), with the server's own
 * INFO latencystats beside it; judged against the P95 limit (5 ms in the rollout documents).
 */
export async function probeRedisLatency(redis: RunningRedis, options: LoadConfig['redisLatency'] & { confidence: number; seed: number }): Promise<RedisLatencyResult> {
  const startedAt = new Date();
  await using ns = await openRunNamespace(redis);
  const conn = new Redis(redis.url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
  conn.on('error', () => undefined);
  await conn.connect();
  const timesUs: number[] = [];
  let errors = 0;
  const channel = typeof dc.tracingChannel === 'function' ? dc.tracingChannel<unknown, TraceContext>('ioredis:command') : undefined;
  const starts = new WeakMap<object, bigint>();
  const ours = (ctx: TraceContext): boolean => ctx.serverPort === redis.port && typeof ctx.args?.[0] === 'string' && (ctx.args[0] as string).startsWith(ns.prefix);
  const handlers = {
    start: (ctx: TraceContext) => { if (ours(ctx)) starts.set(ctx, process.hrtime.bigint()); },
    asyncEnd: (ctx: TraceContext) => {
      const t0 = starts.get(ctx);
      if (t0 !== undefined) timesUs.push(Number(process.hrtime.bigint() - t0) / 1000);
    },
    end: () => undefined, asyncStart: () => undefined, error: () => undefined,
  };
  channel?.subscribe(handlers);
  const traced = channel !== undefined;
  try {
    if (redis.owned) await conn.config('RESETSTAT');
    for (let i = 0; i < options.samples; i++) {
      const t0 = process.hrtime.bigint();
      try {
        await commandFor(conn, i, ns.prefix);
        if (!traced) timesUs.push(Number(process.hrtime.bigint() - t0) / 1000);
      } catch {
        errors++;
      }
    }
  } finally {
    channel?.unsubscribe(handlers);
  }
  const timing = traced && timesUs.length > 0 ? 'ioredis:command' : 'hrtime';
  let server: Record<string, Record<string, number>> = {};
  try { server = parseLatencyStats(await conn.info('latencystats')); } catch { /* Redis < 7 has no latencystats */ }
  conn.disconnect();
  const sorted = sortedCopy(timesUs);
  const p95 = quantileInterval(sorted, 0.95, options.confidence);
  const p50 = quantileInterval(sorted, 0.5, options.confidence);
  const p99 = quantileInterval(sorted, 0.99, options.confidence);
  const serverGet = server['get'] ?? {};
  const sheet = new MetricSheet<'redis-latency'>()
    .interval('p50Ms', p50.estimate / 1000, p50.lo / 1000, p50.hi / 1000)
    .interval('p95Ms', p95.estimate / 1000, p95.lo / 1000, p95.hi / 1000)
    .interval('p99Ms', p99.estimate / 1000, p99.lo / 1000, p99.hi / 1000)
    .set('samples', timesUs.length).set('errors', errors).set('p95LimitMs', options.p95LimitMs)
    .set('serverP50Ms', serverGet['p50'] ?? Number.NaN).set('serverP99Ms', serverGet['p99'] ?? Number.NaN);
  const limit = options.p95LimitMs * 1000;
  let status: Evidence['status'];
  let reason: string;
  const shown = `P95 ${(p95.estimate / 1000).toFixed(3)} ms [${(p95.lo / 1000).toFixed(3)}, ${(p95.hi / 1000).toFixed(3)}], limit ${options.p95LimitMs} ms`;
  if (timesUs.length < options.minSamples) { status = 'inconclusive'; reason = `${timesUs.length} timed commands, fewer than the minimum ${options.minSamples}`; }
  else if (p95.hi < limit) { status = 'pass'; reason = shown; }
  else if (p95.lo >= limit) { status = 'fail'; reason = shown; }
  else { status = 'inconclusive'; reason = `interval straddles the limit: ${shown}`; }
  return {
    timing,
    evidence: {
      check: 'redis-latency', target: `redis:${redis.route}`, status, metrics: sheet.metrics, seed: options.seed,
      startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(), artifacts: [],
      details: { reason, timing, commands: ['SET', 'GET', 'HSET', 'HMGET', 'EXISTS'], serverLatencyStatsMs: server, route: redis.route,
        note: 'client-side timing includes the loopback round trip; the server figures (INFO latencystats) do not' },
    },
  };
}
