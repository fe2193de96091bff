export type { TenantStore, StoreEnv, CreateStore } from './TenantStore.js';
export { targetSchema, targetsSchema, TARGET_NAME, moduleTargetSchema, httpTargetSchema, flagControlSchema, keyspaceSchema } from './TargetConfig.js';
export type { TargetConfig, ModuleTargetConfig, HttpTargetConfig, FlagControlConfig, KeyspaceConfig } from './TargetConfig.js';
export { loadModuleTarget, loadExport } from './loadModuleTarget.js';
export { importUserModule } from './importUserModule.js';
