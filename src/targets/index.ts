export type { TenantStore, StoreEnv, CreateStore } from './TenantStore.js';
export { targetSchema, moduleTargetSchema, httpTargetSchema } from './TargetConfig.js';
export type { TargetConfig, ModuleTargetConfig, HttpTargetConfig } from './TargetConfig.js';
export { loadModuleTarget, loadExport } from './loadModuleTarget.js';
