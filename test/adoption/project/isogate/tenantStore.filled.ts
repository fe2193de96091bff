// isogate/tenantStore.ts as the team fills it in after `isogate init`: the TenantStore contract
// over the application's own wrapper.
import type { CreateStore, TenantStore } from 'isogate';
import { TenantState } from '../src/tenantState.js';

export const createStore: CreateStore = async ({ redisUrl, namespace }) => {
  const state = TenantState.open(redisUrl, namespace);
  const store: TenantStore = {
    put: (tenant, key, value) => state.set(tenant, key, value),
    get: (tenant, key) => state.get(tenant, key),
    list: (tenant) => state.entries(tenant),
    delete: (tenant, key) => state.remove(tenant, key),
    close: () => state.close(),
  };
  return store;
};
