export type { TenantStore, StoreEnv, CreateStore } from './TenantStore.js';
export { targetSchema, moduleTargetSchema, httpTargetSchema, flagControlSchema } from './TargetConfig.js';
export type { TargetConfig, ModuleTargetConfig, HttpTargetConfig, FlagControlConfig } from './TargetConfig.js';
export { loadModuleTarget, loadExport } from './loadModuleTarget.js';
export { importUserModule } from './importUserModule.js';
