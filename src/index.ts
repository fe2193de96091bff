// The package's public entry: what a user's config and target modules import.
export { defineConfig } from './config/index.js';
export type { IsogateConfig, IsogateConfigInput } from './config/index.js';
export type { TenantStore, StoreEnv, CreateStore } from './targets/index.js';
export type { Evidence, EvidenceStatus } from './evidence/index.js';
export { IsogateError } from './errors/index.js';
