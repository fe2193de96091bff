import type { DrillsConfig } from './DrillsConfig.js';
import type { DrillService, ServiceInstance } from './DrillService.js';
import { ServiceClient } from './ServiceClient.js';

/** N instances of the service, each a separate process, and an HTTP client for each. */
export interface ServiceFleet extends AsyncDisposable {
  readonly instances: readonly ServiceInstance[];
  readonly clients: readonly ServiceClient[];
  stop(): Promise<void>;
}

export function clientFor(config: DrillsConfig, url: string): ServiceClient {
  return new ServiceClient(url, (tenant) => config.service.token.replaceAll('{tenant}', tenant));
}

/** Starts `count` instances at once; if one fails to start, the others are stopped and the error thrown. */
export async function startFleet(service: DrillService, config: DrillsConfig, count: number, redisUrl: string, namespace: string, env: Record<string, string> = {}): Promise<ServiceFleet> {
  const spawned = await Promise.allSettled(Array.from({ length: count }, () => service.spawn({
    redisUrl, namespace, faults: config.service.faults, env, readyTimeoutMs: config.service.readyTimeoutMs, tenants: config.service.tenants,
  })));
  const instances = spawned.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => { await Promise.all(instances.map((i) => i.stop().catch(() => undefined))); };
  const failure = spawned.find((s) => s.status === 'rejected');
  if (failure !== undefined) {
    await stop();
    throw failure.reason;
  }
  return { instances, clients: instances.map((i) => clientFor(config, i.url)), stop, [Symbol.asyncDispose]: stop };
}
