import { Redis } from 'ioredis';
import { startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';

/** A redis-server of a test's own on a free port and an admin ioredis client on it. */
export interface LocalRedis extends AsyncDisposable {
  readonly server: RunningRedis;
  readonly url: string;
  /** For the test's own reads and writes (what a store wrote, a flag set by hand). */
  readonly admin: Redis;
}

/**
 * Starts both; disposing disconnects the client and stops the server. In one test:
 * `await using redis = await openLocalRedis();`. For a whole file: open it in beforeAll and
 * dispose it in afterAll.
 */
export async function openLocalRedis(): Promise<LocalRedis> {
  const server = await startLocalRedisServer();
  const admin = new Redis(server.url);
  return {
    server, url: server.url, admin,
    async [Symbol.asyncDispose]() {
      admin.disconnect();
      await server.stop();
    },
  };
}
