import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUrlRedis, openRunNamespace, startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';

let server: RunningRedis;
let client: Redis;

beforeAll(async () => {
  server = await startLocalRedisServer();
  client = new Redis(server.url);
});
afterAll(async () => {
  client.disconnect();
  await server.stop();
});

describe('a run namespace', () => {
  it('deletes only its own keys, never another run’s or a look-alike prefix', async () => {
    const ns = await openRunNamespace(server);
    const other = await openRunNamespace(server);
    await client.mset(`${ns.prefix}:a`, '1', `${ns.prefix}:b:c`, '2', `${other.prefix}:a`, '3', `${ns.prefix}x:a`, '4');
    expect(await ns.cleanup()).toBe(2);
    expect(await client.exists(`${ns.prefix}:a`, `${ns.prefix}:b:c`)).toBe(0);
    expect(await client.get(`${other.prefix}:a`)).toBe('3');
    expect(await client.get(`${ns.prefix}x:a`)).toBe('4');
    await other.cleanup();
    await client.del(`${ns.prefix}x:a`);
  });

  it('never flushes: a server with unrelated keys keeps them after cleanup', async () => {
    await using ns = await openRunNamespace(server);
    await client.set(`${ns.prefix}:k`, 'v');
    await client.set('isogate:other-tool-key', 'keep');
    await ns.cleanup();
    expect(await client.get('isogate:other-tool-key')).toBe('keep');
    await client.del('isogate:other-tool-key');
  });

  it('refuses a server it does not own that holds keys isogate did not write', async () => {
    const foreign = await connectUrlRedis(server.url);
    await client.set('customer:42', 'precious');
    try {
      await expect(openRunNamespace(foreign)).rejects.toMatchObject({ code: 'ISOGATE_REDIS_FOREIGN_KEYS' });
      const ns = await openRunNamespace(foreign, { allowForeignKeys: true });
      await ns.cleanup();
      expect(await client.get('customer:42')).toBe('precious');
    } finally {
      await client.del('customer:42');
    }
  });

  it('escapes glob characters so a namespace id cannot match other keys', async () => {
    const ns = await openRunNamespace(server, { id: 'a*' });
    await client.mset('isogate:a*:k', '1', 'isogate:ab:k', '2');
    expect(await ns.cleanup()).toBe(1);
    expect(await client.get('isogate:ab:k')).toBe('2');
    await client.del('isogate:ab:k');
  });
});
