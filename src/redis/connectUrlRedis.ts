import { Redis } from 'ioredis';
import { IsogateError, redactUrl } from '../errors/index.js';
import type { RunningRedis, StoppedRedis } from './RedisHandle.js';

/** A server someone else runs: isogate checks it answers, and never owns it. */
export async function connectUrlRedis(url: string): Promise<RunningRedis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (cause) {
    const reason = cause instanceof Error ? redactUrl(cause.message) : 'unknown error';
    throw new IsogateError('ISOGATE_REDIS_UNAVAILABLE', `expected the Redis at REDIS_URL (${redactUrl(url)}) to answer PING, but: ${reason}`, {
      cause: undefined,
      hint: 'check that the server is up and the URL is right, or unset REDIS_URL to let isogate start its own',
    });
  } finally {
    client.disconnect();
  }
  const port = Number(new URL(url).port || 6379);
  let stopped: StoppedRedis | undefined;
  const stop = (): Promise<StoppedRedis> => {
    stopped ??= { state: 'stopped', route: 'redis-url' };
    return Promise.resolve(stopped);
  };
  return {
    state: 'started', url, route: 'redis-url', owned: false, pid: undefined, port,
    stop, [Symbol.asyncDispose]: async () => { await stop(); },
  };
}
