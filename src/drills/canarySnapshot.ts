import { Redis } from 'ioredis';

const CANARY = /cn\.[a-z0-9]+\.[0-9a-f]+\.\d+/g;

/**
 * The canaries held by string values under `prefix` on one server, whatever key layout the service
 * uses: what a replica had received when its primary died, i.e. what async replication kept.
 */
export async function canarySnapshot(url: string, prefix: string): Promise<Set<string>> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on('error', () => undefined);
  const found = new Set<string>();
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`, 'COUNT', 1000);
      cursor = next;
      const values = keys.length === 0 ? [] : await client.mget(...keys);
      for (const value of values) for (const m of value?.matchAll(CANARY) ?? []) found.add(m[0]);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return found;
}
