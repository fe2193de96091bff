// The same contract over the seeded-bug wrapper: isogate must say NO-GO here.
import type { CreateStore } from 'isogate';
import { SharedState } from '../src/sharedState.js';

export const createStore: CreateStore = async ({ redisUrl, namespace }) => {
  const state = SharedState.open(redisUrl, namespace);
  return {
    put: (tenant, key, value) => state.set(tenant, key, value),
    get: (tenant, key) => state.get(tenant, key),
    list: (tenant) => state.entries(tenant),
    delete: (tenant, key) => state.remove(tenant, key),
    close: () => state.close(),
  };
};
