// `isogate`: the package's main entry. What a user's config, target modules and scripts import;
// everything else under src/ is internal and may change. Test-file helpers are in `isogate/vitest`.

// Configuration: the file a user writes, and loading it as the CLI does.
export { defineConfig, loadConfig, parseConfig, DEFAULT_CONFIG_FILE } from './config/index.js';
export type { IsogateConfig, IsogateConfigInput, LoadedConfig } from './config/index.js';

// Targets: the contract a user's store wrapper implements, and the target config shapes.
export type {
  TenantStore, StoreEnv, CreateStore, TargetConfig, ModuleTargetConfig, HttpTargetConfig, FlagControlConfig, KeyspaceConfig,
} from './targets/index.js';

// Evidence: the records every check writes and the gate reads.
export { writeEvidence, readEvidenceFile, readEvidenceDir, evidenceDir, newRunId, CHECKS } from './evidence/index.js';
export type { Evidence, EvidenceStatus, CheckId, MetricOf } from './evidence/index.js';

// Errors: stable codes a script can match on.
export { IsogateError, isIsogateError, redactSecrets } from './errors/index.js';
export type { IsogateErrorCode } from './errors/index.js';

// Engines, driven from a loaded config.
export { runTargetLeakage, openLeakScenarioFromConfig, leakageConfigOf } from './app/index.js';
export type { LeakRequest } from './app/index.js';
export { leakEvidence, testPropLines, isolationScore } from './leakage/index.js';
export type { LeakResult, LeakOutcome, LeakCounterexample, LeakScenario, LeakageConfig, LeakRunContext, IsolationScore } from './leakage/index.js';
export { runAudit, resolveAuditSettings, formatText, formatJson, formatSarif, formatJunit } from './audit/index.js';
export type { AuditConfig, AuditConfigInput, AuditReport, AuditRunOptions, AuditSettings, Finding, RuleId } from './audit/index.js';
export { runGate, resolvePlan, evaluateStage, PRESETS, PRESET_NAMES } from './gate/index.js';
export type {
  GateConfig, GateConfigInput, GateRunOptions, GateRunResult, GateReport, StagePlan, Stage, Criterion, CheckRun, ManualItem, Source,
  Verdict, VerdictName, PresetName,
} from './gate/index.js';
export type { LoadConfig, LoadConfigInput } from './load/index.js';
export type { DrillsConfig, DrillsConfigInput, DrillName } from './drills/index.js';
export { runScenarios, SCENARIO_IDS } from './scenarios/index.js';
export type { ScenariosConfig, ScenariosConfigInput, ScenarioTargets, ScenarioId, ScenarioOutcome } from './scenarios/index.js';

// The command line, callable in-process (returns the exit code).
export { main } from './cli/index.js';
