import { fileURLToPath } from 'node:url';
import { loadExport } from '../targets/index.js';
import type { DrillsConfig } from './DrillsConfig.js';

/** One running instance of the service under drill: a separate process isogate can stop or kill. */
export interface ServiceInstance {
  url: string;
  pid: number | undefined;
  stop(): Promise<unknown>;
  kill(): unknown;
}

export interface SpawnOptions {
  redisUrl: string;
  namespace: string;
  faults?: readonly string[];
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /**
   * The tenants the drill sends as (drills.service.tenants, plus the tenants a cohort stage
   * draws): a service whose credentials are per tenant must accept `drills.service.token` for each.
   */
  tenants?: readonly string[];
}

export interface SetFlagOptions {
  redisUrl: string;
  namespace: string;
  flag: string;
  value: boolean;
  tenant?: string;
}

/** What the drills need from a service: start instances, and flip a flag the way operators do. */
export interface DrillService {
  spawn(options: SpawnOptions): Promise<ServiceInstance>;
  setFlag(options: SetFlagOptions): Promise<unknown>;
}

const REFERENCE_SERVICE = fileURLToPath(new URL('../../fixtures/reference-service/index.ts', import.meta.url));

export async function loadDrillService(config: DrillsConfig, baseDir: string): Promise<DrillService> {
  const { module, spawn, setFlag } = config.service;
  const file = module ?? REFERENCE_SERVICE;
  return {
    spawn: await loadExport<DrillService['spawn']>(file, spawn, baseDir, 'a service spawner'),
    setFlag: await loadExport<DrillService['setFlag']>(file, setFlag, baseDir, 'a flag setter'),
  };
}
