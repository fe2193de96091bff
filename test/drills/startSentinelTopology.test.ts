import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { parseSentinelUrl, sentinelUrl, startSentinelTopology } from '../../src/redis/index.js';
import { isProcessAlive } from '../support/isProcessAlive.js';

// hang guard: a process that has not exited half a minute after being told to has hung; a busy machine takes seconds at most.
async function gone(pids: Array<number | undefined>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pids.every((p) => !isProcessAlive(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('sentinel URLs', () => {
  it('carry the sentinels and the master name there and back, and are not mistaken for plain URLs', () => {
    const sentinels = [{ host: '127.0.0.1', port: 26379 }, { host: '127.0.0.1', port: 26380 }];
    const url = sentinelUrl(sentinels, 'my primary');
    expect(url).toBe('redis+sentinel://127.0.0.1:26379,127.0.0.1:26380/my%20primary');
    expect(parseSentinelUrl(url)).toEqual({ sentinels, name: 'my primary' });
    expect(parseSentinelUrl('redis://127.0.0.1:6379')).toBeUndefined();
    expect(parseSentinelUrl('redis+sentinel://127.0.0.1:x/m')).toBeUndefined();
  });
});

describe('startSentinelTopology', () => {
  it('starts a primary with 2 synced replicas watched by 3 sentinels, and leaves no process behind', async () => {
    const topology = await startSentinelTopology({ readyTimeoutMs: 30_000 });
    expect(parseSentinelUrl(topology.url)?.sentinels).toEqual(topology.sentinels.map(({ host, port }) => ({ host, port })));
    const pids = [topology.primary.pid, ...topology.replicas.map((r) => r.pid), ...topology.sentinels.map((s) => s.pid)];
    try {
      expect(pids.filter((p) => isProcessAlive(p))).toHaveLength(6);
      expect(await topology.currentPrimary()).toEqual({ host: '127.0.0.1', port: topology.primary.port });
      const primary = new Redis(topology.primary.url, { lazyConnect: true });
      await primary.connect();
      const info = await primary.info('replication');
      primary.disconnect();
      expect(info).toContain('connected_slaves:2');
    } finally {
      await topology.stop();
    }
    expect(await gone(pids)).toBe(true);
  });
});
