import { setFlag, spawnReferenceService, waitForServiceFlags } from '../../fixtures/reference-service/index.js';

export interface ReferenceArmOptions {
  redisUrl: string;
  namespace: string;
  /** TENANT_SCOPED_STATE for this instance: off is the baseline build's behaviour, on the candidate's. */
  tenantScopedState?: boolean;
  /** ISOGATE_FAULT spec, e.g. `slow-path=20%` or `slow-path=0.3ms`. */
  faults?: string;
}

/**
 * A load arm (the `{ module, export }` form of load.baseline/candidate): the reference service
 * in its own process, its flag set before the first request. Used by the demo config and the bench.
 */
export async function startReferenceArm(options: ReferenceArmOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const service = await spawnReferenceService({ redisUrl: options.redisUrl, namespace: options.namespace, faults: options.faults });
  try {
    if (options.tenantScopedState !== undefined) {
      const { version } = await setFlag({ redisUrl: options.redisUrl, namespace: options.namespace, flag: 'TENANT_SCOPED_STATE', value: options.tenantScopedState });
      await waitForServiceFlags(service.url, version);
    }
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { url: service.url, stop: () => service.stop() };
}
