import type { Redis } from 'ioredis';

/**
 * The "connection drop" fault: CLIENT KILL every normal and pub/sub client but the caller's own
 * (`admin`), as a network blip or a proxy restart would. Only for a server isogate owns. Returns
 * how many connections were closed.
 */
export async function dropClientConnections(admin: Redis): Promise<number> {
  const normal = Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
  const pubsub = Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub', 'SKIPME', 'yes'));
  return normal + pubsub;
}

/** Clients other than the caller, and how many of them hold subscriptions. */
export interface ClientCount { readonly clients: number; readonly subscribers: number }

/** A fault waits until the targets have reconnected AND re-subscribed, as they were before it. */
export async function countOtherClients(admin: Redis): Promise<ClientCount> {
  const lines = String(await admin.call('CLIENT', 'LIST')).split('\n').filter((l) => l.trim() !== '');
  const subscribed = lines.filter((l) => /\b(sub|psub|ssub)=[1-9]/.test(l)).length;
  return { clients: Math.max(0, lines.length - 1), subscribers: subscribed };
}

/** Resolves true when the clients and subscribers of `before` are back, false after `timeoutMs`. */
export async function waitForClients(admin: Redis, before: ClientCount, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const now = await countOtherClients(admin).catch(() => undefined);
    if (now !== undefined && now.clients >= before.clients && now.subscribers >= before.subscribers) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}
