import type { ServiceClient } from './ServiceClient.js';

/** The service's own count of state operations per path, when its /metrics exposes them. */
export interface PathCounters { redis: number; legacy: number; unhandled: number | undefined }

export async function pathCounters(client: ServiceClient): Promise<PathCounters | undefined> {
  const [redis, legacy, unhandled] = await Promise.all([
    client.metric('state_ops_total{path="redis"}'),
    client.metric('state_ops_total{path="legacy"}'),
    client.metric('unhandled_errors_total'),
  ]);
  return redis === undefined || legacy === undefined ? undefined : { redis, legacy, unhandled };
}

/** Exceptions that escaped a handler, summed over instances; undefined when no instance reports them. */
export async function serviceUnhandled(clients: readonly ServiceClient[]): Promise<number | undefined> {
  const counts = await Promise.all(clients.map((c) => c.metric('unhandled_errors_total')));
  return counts.every((c) => c === undefined) ? undefined : counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
}
