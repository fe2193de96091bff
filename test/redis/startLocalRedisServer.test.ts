import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startLocalRedisServer } from '../../src/redis/index.js';
import { isProcessAlive } from '../support/isProcessAlive.js';

async function tempDirOf(url: string): Promise<string | undefined> {
  const client = new Redis(url);
  try {
    const [, dir] = (await client.config('GET', 'dir')) as [string, string];
    return dir;
  } finally {
    client.disconnect();
  }
}

describe('startLocalRedisServer', () => {
  it('starts two servers at once on distinct ports, each answering on its own', async () => {
    await using a = await startLocalRedisServer();
    await using b = await startLocalRedisServer();
    expect(a.port).not.toBe(b.port);
    const ca = new Redis(a.url);
    const cb = new Redis(b.url);
    try {
      await ca.set('only-in-a', '1');
      expect(await cb.exists('only-in-a')).toBe(0);
      expect(await ca.get('only-in-a')).toBe('1');
      expect(await ca.config('GET', 'save')).toEqual(['save', '']);
      expect(await ca.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    } finally {
      ca.disconnect();
      cb.disconnect();
    }
  });

  it('leaves no process and no temp dir after stop, and stop can be called twice', async () => {
    const redis = await startLocalRedisServer();
    const dir = await tempDirOf(redis.url);
    expect(dir).toMatch(/isogate-redis-/);
    expect(existsSync(dir ?? '')).toBe(true);
    expect(isProcessAlive(redis.pid)).toBe(true);
    const stopped = await redis.stop();
    expect(stopped.state).toBe('stopped');
    await redis.stop();
    expect(isProcessAlive(redis.pid)).toBe(false);
    expect(existsSync(dir ?? '')).toBe(false);
  });

  it('reports a binary that is not there as ISOGATE_REDIS_UNAVAILABLE with how to get one', async () => {
    await expect(startLocalRedisServer({ binary: 'redis-server-that-does-not-exist' })).rejects.toMatchObject({
      code: 'ISOGATE_REDIS_UNAVAILABLE',
      hint: expect.stringContaining('REDIS_URL'),
    });
  });

  it('reports a server that cannot start with the reason redis-server gave', async () => {
    await expect(startLocalRedisServer({ args: ['--no-such-option', 'x'] })).rejects.toMatchObject({
      code: 'ISOGATE_REDIS_START_FAILED',
    });
  });
});
