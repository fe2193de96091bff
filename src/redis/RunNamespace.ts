import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { IsogateError, redactUrl } from '../errors/index.js';
import type { RunningRedis } from './RedisHandle.js';

/** Every key isogate writes starts with this; other runs' keys are not foreign to us. */
export const ISOGATE_KEY_ROOT = 'isogate';

export interface RunNamespace extends AsyncDisposable {
  /** e.g. `isogate:r1a2b3c4`: hand it to targets as `env.namespace`. */
  readonly prefix: string;
  /** Deletes this run's keys and only those (SCAN + UNLINK); returns how many were removed. */
  cleanup(): Promise<number>;
}

export interface OpenNamespaceOptions {
  /** Accept a database that holds keys isogate did not write (refused unless told: docs/architecture.md, "The target"). */
  allowForeignKeys?: boolean;
  /** Fixed id, for replays; default: random. */
  id?: string;
}

function client(url: string): Redis {
  const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  c.on('error', () => undefined);
  return c;
}

/** The first key in the database that no isogate run wrote, if any. */
async function firstForeignKey(redis: Redis): Promise<string | undefined> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const foreign = keys.find((k) => !k.startsWith(`${ISOGATE_KEY_ROOT}:`));
    if (foreign !== undefined) return foreign;
  } while (cursor !== '0');
  return undefined;
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}

export async function openRunNamespace(redis: RunningRedis, options: OpenNamespaceOptions = {}): Promise<RunNamespace> {
  const prefix = `${ISOGATE_KEY_ROOT}:${options.id ?? randomBytes(4).toString('hex')}`;
  const conn = client(redis.url);
  await conn.connect();
  try {
    if (!redis.owned && options.allowForeignKeys !== true) {
      const foreign = await firstForeignKey(conn);
      if (foreign !== undefined) {
        throw new IsogateError('ISOGATE_REDIS_FOREIGN_KEYS',
          `expected the database at ${redactUrl(redis.url)} to hold only isogate keys, found keys isogate did not write (e.g. ${JSON.stringify(foreign.slice(0, 60))})`,
          { hint: 'point REDIS_URL at an empty database (e.g. /15), unset it so isogate starts its own, or set redis.allowForeignKeys: true in the config' });
      }
    }
  } catch (error) {
    conn.disconnect();
    throw error;
  }
  conn.disconnect();
  const cleanup = async (): Promise<number> => {
    const c = client(redis.url);
    try {
      await c.connect();
      return await deleteByPrefix(c, prefix);
    } finally {
      c.disconnect();
    }
  };
  return { prefix, cleanup, [Symbol.asyncDispose]: async () => { await cleanup(); } };
}
