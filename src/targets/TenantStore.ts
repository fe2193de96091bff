/**
 * The module-target contract (docs/architecture.md, "The target"): what a user writes around their own
 * state-access wrapper so that isogate can drive it. Optional methods are checked only when present.
 */
export interface TenantStore {
  put(tenant: string, key: string, value: string): Promise<void>;
  get(tenant: string, key: string): Promise<string | null>;
  list(tenant: string): Promise<Array<[key: string, value: string]>>;
  delete(tenant: string, key: string): Promise<void>;
  append?(tenant: string, stream: string, value: string): Promise<void>;
  range?(tenant: string, stream: string): Promise<string[]>;
  clear?(tenant: string): Promise<void>;
  close(): Promise<void>;
}

export interface StoreEnv {
  redisUrl: string;
  namespace: string;
}

export type CreateStore = (env: StoreEnv) => Promise<TenantStore>;
