export { checkKeyspaceMigration } from './keyspace/checkKeyspaceMigration.js';
export type { KeyspaceMigrationOptions } from './keyspace/checkKeyspaceMigration.js';
export { checkTenantHeader } from './header/checkTenantHeader.js';
export type { TenantHeaderOptions } from './header/checkTenantHeader.js';
export { checkTenantRetrieval } from './retrieval/checkTenantRetrieval.js';
export type { TenantRetrievalOptions } from './retrieval/checkTenantRetrieval.js';
export { RETRIEVAL_SLA } from './retrieval/LatencySummary.js';
export { runScenarios, toEvidence } from './runScenarios.js';
export type { RunScenariosOptions, ScenarioRun } from './runScenarios.js';
export { SCENARIO_IDS, isScenarioId } from './ScenarioOutcome.js';
export type { ScenarioId, ScenarioOutcome } from './ScenarioOutcome.js';
export { scenariosConfigSchema } from './ScenariosConfig.js';
export type { ScenariosConfig, ScenariosConfigInput } from './ScenariosConfig.js';
export { loadScenarioTargets, REFERENCE_SCENARIOS_MODULE } from './ScenarioTargets.js';
export type {
  ScenarioTargets, JobServiceTarget, CreateJobServiceTarget, StartGatewayTarget, StartRetrievalTarget,
  JobRecord, JobFlagSet, ScenarioEnv, TokenGrant, RunningHttpTarget,
} from './ScenarioTargets.js';
