import type { Redis } from 'ioredis';
import { countOtherClients, type ClientCount } from '../redis/index.js';

/**
 * Waits until the clients (and subscribers) of `before` are back after a fault. Polled every
 * 2 ms: the targets' clients reconnect on their own schedule, which only they can hear.
 */
export async function awaitReconnect(admin: Redis, before: ClientCount, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const now = await countOtherClients(admin).catch(() => undefined);
    if (now !== undefined && now.clients >= before.clients && now.subscribers >= before.subscribers) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
}
