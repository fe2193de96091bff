import { Redis } from 'ioredis';

/**
 * The "connection drop" fault: CLIENT KILL every normal and pub/sub client but the caller's own,
 * as a network blip or a proxy restart would. Only for a server isogate owns. Returns how many
 * connections were closed.
 */
export async function dropClientConnections(url: string): Promise<number> {
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    const normal = Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
    const pubsub = Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub', 'SKIPME', 'yes'));
    return normal + pubsub;
  } finally {
    admin.disconnect();
  }
}

/** How many clients other than the caller are connected: a fault waits until targets reconnect. */
export async function countOtherClients(admin: Redis): Promise<number> {
  const list = String(await admin.call('CLIENT', 'LIST'));
  return Math.max(0, list.split('\n').filter((l) => l.trim() !== '').length - 1);
}
