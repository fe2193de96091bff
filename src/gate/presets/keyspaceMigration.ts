import type { Criterion, ManualItem, Source, Stage, StagePlan } from '../StagePlan.js';
import { citing, criterion, manual, MIN, runsFor } from './planParts.js';
import { production, withProductionRuns } from './productionCriteria.js';

const DOC = 'workspace-keyspace-migration-checklist.md';
const at = citing(DOC);
const PRE = at('PRE-DEPLOYMENT VERIFICATION');
const SUCCESS = at('SUCCESS CRITERIA / Phase 2.2 Complete When');
const step = (n: number, title: string): Source => at(`PHASE 2.2 ROLLOUT STEPS / STEP ${n}: ${title}`);

type Metric = 'leaks' | 'lostJobs' | 'metricMismatches' | 'keysCommands' | 'backfillMismatches' | 'modelViolations';
const scenario = (stage: string, metric: Metric, slug: string, text: string, source: Source): Criterion =>
  criterion({ id: `${stage}.${slug}`, check: 'keyspace-migration', metric, op: '==', value: 0,
    minSamples: { metric: 'operations', value: MIN.scenarioOperations }, text, source });

const noLeaks = (stage: string, source: Source): Criterion =>
  scenario(stage, 'leaks', 'no-cross-workspace', 'zero cross-workspace data access (any: rollback immediately)', source);
const noLoss = (stage: string, text: string, source: Source): Criterion => scenario(stage, 'lostJobs', 'no-lost-jobs', text, source);

function stage(n: number, title: string, summary: string, criteria: Criterion[], manualItems: ManualItem[]): Stage {
  return { id: `step-${n}`, title: `Step ${n}: ${title}`, summary, source: step(n, title), runs: runsFor(criteria), criteria, manual: manualItems };
}

const step1 = stage(1, 'Read-Routing Activation', 'Week 1: READ_PREFERS_NEW=on, READ_FALLBACK_OLD=on, AI_JOBS_NEW_SCHEMA=off (after pre-deployment verification)', [
  criterion({ id: 'step-1.audit-clean', check: 'audit', metric: 'violations', op: '==', value: 0, minSamples: { metric: 'filesScanned', value: MIN.auditFiles },
    text: 'REDIS_URL uses rediss:// (TLS); no KEYS; workspace_id validated before use', source: PRE }),
  noLeaks('step-1', step(1, 'Read-Routing Activation (Rollback Trigger)')),
  noLoss('step-1', 'no missed read: no increase in 404s for /ai/jobs/* (fallback finds old-schema jobs)', step(1, 'Read-Routing Activation (Validation)')),
  scenario('step-1', 'metricMismatches', 'read-path-metrics-exact', 'relay_job_read_path_total{path} agrees with the path each read took', step(1, 'Read-Routing Activation (Validation)')),
  production.share('step-1', 'jobReadsNew', '>=', 0.5, 'read path shows at least 50% new schema (60-80% expected; below 50% dual-write is broken)', step(1, 'Read-Routing Activation (Rollback Trigger)')),
], [
  manual('step-1.pre-deployment', 'Pre-deployment verification done: env flags, secrets, 27/27 tests, both schemas present', PRE),
]);

const step2 = stage(2, 'Monitor Stabilization', 'Weeks 2-3: read routing stable', [
  noLeaks('step-2', step(2, 'Monitor Stabilization')),
  noLoss('step-2', 'no data loss, no missed reads (query all jobs successfully)', step(2, 'Monitor Stabilization (Expected Outcomes)')),
  scenario('step-2', 'modelViolations', 'no-corruption', 'no data corruption or consistency issue (every read matches the model)', step(2, 'Monitor Stabilization (Goals)')),
  scenario('step-2', 'metricMismatches', 'telemetry-accurate', 'telemetry accurate: read-path metrics agree with what happened', step(2, 'Monitor Stabilization (Goals)')),
  production.share('step-2', 'jobReadsNew', '>', 0.8, 'read routing stable at > 80% new schema coverage for 1+ week', step(2, 'Monitor Stabilization (Goals)')),
], []);

const step3 = stage(3, 'Dual-Write Activation', 'Weeks 3-4: AI_JOBS_NEW_SCHEMA=on', [
  noLeaks('step-3', step(3, 'Dual-Write Activation')),
  noLoss('step-3', 'nothing acknowledged is lost across dual write; new jobs appear in both schemas', step(3, 'Dual-Write Activation (Validation)')),
  scenario('step-3', 'modelViolations', 'writes-atomic', 'dual-write atomicity: every read matches what was acknowledged', step(3, 'Dual-Write Activation (Rollback Trigger)')),
  production.share('step-3', 'dualWriteFailed', '<', 0.01, 'relay_dual_write_attempt_total{result="failed"} < 1% of attempts', step(3, 'Dual-Write Activation (Validation)')),
  production.share('step-3', 'jobReadsNew', '>', 0.8, 'read path metrics confirm > 80% new schema', step(3, 'Dual-Write Activation (Prerequisites)')),
], [
  manual('step-3.redis-memory', 'Redis memory increase planned (keys now stored twice; a spike > 50% needs capacity)', step(3, 'Dual-Write Activation')),
]);

const step4 = stage(4, 'Backfill Campaign', 'Weeks 4-6: migrate remaining old-schema jobs', [
  noLeaks('step-4', step(4, 'Backfill Campaign')),
  scenario('step-4', 'backfillMismatches', 'backfill-consistent', 'backfill: counts per schema and per workspace agree; workspace_id consistent', step(4, 'Backfill Campaign (Validation After Backfill)')),
  noLoss('step-4', 'no job lost by the backfill', step(4, 'Backfill Campaign (Validation After Backfill)')),
  production.share('step-4', 'jobReadsNew', '>=', 0.98, '98%+ of queries hit the new schema', step(4, 'Backfill Campaign (Validation After Backfill)')),
], [
  manual('step-4.backfill-logs', 'No backfill errors in logs', step(4, 'Backfill Campaign (Validation After Backfill)')),
]);

const step5 = stage(5, 'Disable Fallback', 'Weeks 6-7: READ_FALLBACK_OLD=off', [
  noLeaks('step-5', step(5, 'Disable Fallback (Validation)')),
  noLoss('step-5', 'no data loss with the fallback disabled', step(5, 'Disable Fallback (Rollback Trigger)')),
  scenario('step-5', 'keysCommands', 'scan-not-keys', 'list by SCAN: zero KEYS commands reach Redis', SUCCESS),
  production.share('step-5', 'jobReadsOld', '<', 0.02, '< 2% of reads still hitting the old schema', step(5, 'Disable Fallback (Prerequisites)')),
  production.share('step-5', 'dualWriteFailed', '<', 0.01, 'dual-write running smoothly for 2+ weeks (failed < 1% of attempts)', step(5, 'Disable Fallback (Prerequisites)')),
], [
  manual('step-5.prerequisites', '98%+ of jobs in new schema (key counts per schema)', step(5, 'Disable Fallback')),
]);

const step6 = stage(6, 'Archive Old Schema', 'Week 8+: old schema exported and deleted', [
  noLeaks('step-6', SUCCESS),
  noLoss('step-6', 'new schema intact after the old one is removed', step(6, 'Archive Old Schema')),
  scenario('step-6', 'keysCommands', 'scan-not-keys', 'list by SCAN: zero KEYS commands reach Redis', SUCCESS),
  scenario('step-6', 'backfillMismatches', 'backfill-complete', 'backfill 100% complete (all jobs on new schema)', SUCCESS),
  production.shareNone('step-6', 'jobReadsOld', 'zero queries hitting the old schema for 1+ month', step(6, 'Archive Old Schema (Prerequisites)')),
], [
  manual('step-6.backup', 'Export of the old schema generated; 1+ month since fallback disabled; retention policies met', step(6, 'Archive Old Schema')),
  manual('step-6.performance', 'Performance targets: /ai/jobs list < 100ms, /ai/jobs/{job_id} < 50ms', at('SUCCESS CRITERIA / Performance Targets')),
]);

// No step names a traffic percentage (flags switch for everybody); the spans the checklist gives
// a production reading are the windows: 1+ week (step 2), 2+ weeks (step 5), 1+ month (step 6).
export const keyspaceMigrationPlan: StagePlan = withProductionRuns({
  id: 'keyspace-migration',
  title: 'Workspace keyspace migration (Sprint 60 Phase 2.2)',
  document: DOC,
  stages: [step1, step2, step3, step4, step5, step6],
}, {}, { 'step-2': '7d', 'step-5': '14d', 'step-6': '30d' });
