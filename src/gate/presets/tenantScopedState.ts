import type { Criterion, ManualItem, Source, Stage, StageArms, StagePlan } from '../StagePlan.js';
import { citing, criterion, LATENCY_FLOOR_MS, manual, MIN, runsFor } from './planParts.js';
import { production, withProductionRuns } from './productionCriteria.js';
import { rollbackCriteria } from './rollbackCriteria.js';

const DOC = 'tenant-scoped-state-rollout.md';
const at = citing(DOC);
const PRE = at('1. Pre-Rollout Validation');
const CI = at('1.5 CI/CD Pipeline Integration');
const PILOT = at('2. Staged Rollout Plan / Stage 1: Pilot Tenant (0.1% of traffic) / Success Gate');
const EARLY = at('2. Staged Rollout Plan / Stage 2: Early Adopters (5% of traffic) / Success Gate');
const GRADUAL = at('2. Staged Rollout Plan / Stage 3: Gradual Rollout / Success Gate at Each Increment');
const SLO_SECONDARY = at('3. Monitoring & Observability / Key Metrics (SLOs) / Secondary Metrics');
const ROLLBACK = at('4. Rollback Triggers & Procedures / Rollback Procedure (Execution Time: < 5 minutes)');
const FAILOVER = at('4.2 Redis Cluster Failover During Rollout / Prevention Measures');
const FULL = at('5. Success Criteria / Stage 3 Success (Full Rollout)');
const FINAL = at('5. Success Criteria / Final Validation (Post-Rollout)');
const abort = (stage: string): Source => at(`2. Staged Rollout Plan / ${stage} / Abort Criteria`);
const ALL_ON_FALLBACK = at('4. Rollback Triggers & Procedures / Rollback Procedure (Execution Time: < 5 minutes) / Step 3: Verify All Workers Using Global Fallback');
/** The rollback drilled from the stage's exposure, under the traffic its abort criteria watch. */
const rollback = (stage: string, underTraffic: Source): Criterion[] => rollbackCriteria(stage, { time: ROLLBACK, underTraffic, procedure: ALL_ON_FALLBACK });

const isolation = (stage: string, section = PILOT): Criterion[] => [
  criterion({ id: `${stage}.no-leaks`, check: 'leakage', metric: 'leaks', op: '==', value: 0,
    minSamples: { metric: 'crossTenantObservations', value: MIN.crossTenantObservations },
    text: 'no tenant ever observes another tenant\'s data (zero data corruption / state mismatch)', source: section }),
  criterion({ id: `${stage}.no-crashes`, check: 'leakage', metric: 'contractViolations', op: '==', value: 0,
    minSamples: { metric: 'operations', value: MIN.crossTenantObservations },
    text: 'zero AttributeError-style crashes: every operation answers within its contract', source: section }),
];

const exactness = (stage: string, section: typeof PRE): Criterion[] => [
  criterion({ id: `${stage}.no-lost-or-stale`, check: 'leakage', metric: 'modelViolations', op: '==', value: 0,
    minSamples: { metric: 'operations', value: MIN.crossTenantObservations },
    text: 'mutations persist to the correct storage backend (no lost write, no stale read)', source: section }),
  criterion({ id: `${stage}.keys-in-tenant-space`, check: 'leakage', metric: 'keyspaceViolations', op: '==', value: 0,
    minSamples: { metric: 'operations', value: MIN.crossTenantObservations },
    text: 'every Redis key holding a tenant\'s data lies in that tenant\'s key space', source: section }),
];

const redisP95 = (stage: string, section: typeof PRE): Criterion =>
  criterion({ id: `${stage}.redis-p95`, check: 'redis-latency', metric: 'p95Ms', op: '<', value: 5,
    minSamples: { metric: 'samples', value: MIN.redisSamples }, text: 'Redis latency < 5ms P95', source: section });

const redisP99 = (stage: string): Criterion =>
  criterion({ id: `${stage}.redis-p99`, check: 'redis-latency', metric: 'p99Ms', op: '<', value: 10,
    minSamples: { metric: 'samples', value: MIN.redisSamples }, text: 'Redis latency P99 < 10ms', source: SLO_SECONDARY });

const apiLatency = (stage: string, section: typeof PRE): Criterion[] => [
  criterion({ id: `${stage}.api-p95-increase`, check: 'load', metric: 'p95Ratio', op: '<', value: 1.1,
    minSamples: { metric: 'samplesCandidate', value: MIN.loadSamplesPerArm },
    text: 'API latency (P95) increase < 10% vs baseline (ratio candidate/baseline < 1.10)', source: section,
    latency: { floorMs: LATENCY_FLOOR_MS.p95, baselineMetric: 'p95MsBaseline' } }),
];

const errorBudget = (stage: string, limit: number, text: string, section: typeof PRE): Criterion =>
  criterion({ id: `${stage}.error-rate-increase`, check: 'load', metric: 'errorRateDelta', op: '<', value: limit,
    minSamples: { metric: 'samplesCandidate', value: MIN.loadSamplesPerArm }, text, source: section });

const audit = (stage: string, section: typeof PRE): Criterion =>
  criterion({ id: `${stage}.audit-clean`, check: 'audit', metric: 'violations', op: '==', value: 0,
    minSamples: { metric: 'filesScanned', value: MIN.auditFiles },
    text: 'AST audit: zero state access outside the wrapper modules', source: section });

const cohort = (stage: string): Criterion =>
  criterion({ id: `${stage}.cohort-deterministic`, check: 'drill:cohort', metric: 'failures', op: '==', value: 0,
    minSamples: { metric: 'properties', value: MIN.cohortProperties },
    text: 'percentage-based cohort is deterministic and monotone (a tenant in at 25% stays in at 50%)',
    source: at('2. Staged Rollout Plan / Stage 3: Gradual Rollout / Enablement') });

/** "Global fallback mode confirmed functional": Redis down, the fallback serves, nothing lost or crossed. */
const fallback = (stage: string, section: typeof PRE): Criterion[] => {
  const need = { metric: 'requests' as const, value: MIN.drillRequests };
  return [
    criterion({ id: `${stage}.fallback-no-errors`, check: 'drill:fallback', metric: 'unhandledErrors', op: '==', value: 0, minSamples: need,
      text: 'Redis killed under traffic: zero unhandled errors on the global fallback', source: section }),
    criterion({ id: `${stage}.fallback-serves`, check: 'drill:fallback', metric: 'servedDuringOutage', op: '>', value: 0, minSamples: need,
      text: 'the fallback really serves requests while Redis is down', source: section }),
    criterion({ id: `${stage}.fallback-no-lost-writes`, check: 'drill:fallback', metric: 'lostWrites', op: '==', value: 0, minSamples: need,
      text: 'no acknowledged write lost across the outage and recovery', source: section }),
    criterion({ id: `${stage}.fallback-no-crossed-writes`, check: 'drill:fallback', metric: 'crossedWrites', op: '==', value: 0, minSamples: need,
      text: 'no tenant reads another tenant\'s data across the outage and recovery', source: section }),
  ];
};

function stage(id: string, title: string, summary: string, source: typeof PRE, criteria: Criterion[], manualItems: ManualItem[], arms?: StageArms): Stage {
  return { id, title, summary, source, runs: runsFor(criteria, arms), criteria, manual: manualItems, ...(arms === undefined ? {} : { arms }) };
}

/** What each stage's load checks run as candidate, and compare it with (section 2's stages). */
const ARMS = {
  preRollout: { candidate: 'new:all', baseline: 'new:off', why: 'Pre-rollout drills rehearse in staging with the flag on for every tenant: the largest exposure a rollback, a Redis outage or a failover will have to handle' },
  pilot: { candidate: 'new:allow=1', baseline: 'new:off', why: 'Stage 1: the flag on for one pilot tenant (an allow-list); the other tenants stay on the global fallback' },
  earlyAdopters: { candidate: 'new:allow=5', baseline: 'new:off', why: 'Stage 2: 5 selected tenants on, compared with the control group (flag off)' },
  gradual: (percent: number): StageArms => ({ candidate: `new:cohort=${percent}`, baseline: 'new:off', why: `Stage 3: ${percent}% of tenants by percentage-based rollout; error budget against the tenants still off` }),
  full: { candidate: 'new:all', baseline: 'previous:off', why: 'Stage 3 at 100%: "error rate stable vs pre-rollout" is against the build before the rollout' },
} as const;

const preRollout = stage('pre-rollout', 'Pre-Rollout Validation', 'Complete ALL items before Stage 1', PRE, [
  audit('pre-rollout', PRE),
  ...isolation('pre-rollout', PRE),
  ...exactness('pre-rollout', PRE),
  redisP95('pre-rollout', PRE),
  criterion({ id: 'pre-rollout.redis-errors', check: 'redis-latency', metric: 'errors', op: '==', value: 0,
    minSamples: { metric: 'samples', value: MIN.redisSamples }, text: 'zero Redis connection errors', source: PRE }),
  criterion({ id: 'pre-rollout.flag-propagation', check: 'drill:flag-propagation', metric: 'maxMs', op: '<', value: 30_000,
    minSamples: { metric: 'flips', value: MIN.flips }, text: 'pub/sub broadcast propagates flag changes to every worker < 30 seconds', source: PRE }),
  criterion({ id: 'pre-rollout.flag-no-lost-message', check: 'drill:flag-propagation', metric: 'lostMessages', op: '==', value: 0,
    minSamples: { metric: 'flips', value: MIN.flips }, text: 'no worker misses a flag change', source: PRE }),
  ...rollback('pre-rollout', PRE),
  criterion({ id: 'pre-rollout.rollback-no-lost-writes', check: 'drill:rollback', metric: 'lostWrites', op: '==', value: 0,
    minSamples: { metric: 'requests', value: MIN.drillRequests }, text: 're-enabling restores tenant-scoped state with no write lost', source: PRE }),
  criterion({ id: 'pre-rollout.rollback-no-crossed-writes', check: 'drill:rollback', metric: 'crossedWrites', op: '==', value: 0,
    minSamples: { metric: 'requests', value: MIN.drillRequests }, text: 're-enabling restores tenant-scoped state with no write crossed to another tenant', source: PRE }),
  ...fallback('pre-rollout', PRE),
  criterion({ id: 'pre-rollout.failover-time', check: 'drill:failover', metric: 'failoverMs', op: '<', value: 30_000,
    minSamples: { metric: 'acknowledgedWrites', value: MIN.drillRequests }, text: 'Redis failover completes in < 30 seconds', source: FAILOVER }),
  criterion({ id: 'pre-rollout.failover-app-keeps-working', check: 'drill:failover', metric: 'unhandledErrors', op: '==', value: 0,
    minSamples: { metric: 'acknowledgedWrites', value: MIN.drillRequests }, text: 'application continues working with the new primary: zero unhandled errors', source: FAILOVER }),
  criterion({ id: 'pre-rollout.failover-no-mixed-reads', check: 'drill:failover', metric: 'mixedReads', op: '==', value: 0,
    minSamples: { metric: 'acknowledgedWrites', value: MIN.drillRequests }, text: 'application keeps working with the new primary: no tenant reads another\'s data', source: FAILOVER }),
], [
  manual('pre-rollout.redis-provider', 'Upstash or equivalent Redis provider configured; zero connection errors in the past 24 hours (production)', PRE),
  manual('pre-rollout.flag-default-off', 'TENANT_SCOPED_STATE=False in the production Redis (opt-in per tenant)', PRE),
  manual('pre-rollout.dashboards', 'Dashboards configured: Redis operations, tenant state health, flag adoption; AttributeError alert (threshold 0)', PRE),
  manual('pre-rollout.staging-rollback-drill', 'Staging environment rollback drill completed', PRE),
  manual('pre-rollout.communication', 'Stakeholders notified, on-call rotation assigned, incident runbook distributed', PRE),
  manual('pre-rollout.ci-required-check', 'Audit configured as a required CI check; exception process documented', CI),
  manual('pre-rollout.coverage', 'Coverage of the state-access wrapper >= 95%; all regression tests pass (21+)', CI),
  manual('pre-rollout.replication', 'Redis has a primary and at least 2 replicas; failover alert configured', FAILOVER),
], ARMS.preRollout);

const pilot = stage('pilot', 'Stage 1: Pilot Tenant', '0.1% of traffic, 1 internal development tenant, 24 hours', PILOT, [
  ...isolation('pilot'),
  criterion({ id: 'pilot.no-graph-mismatch', check: 'leakage', metric: 'modelViolations', op: '==', value: 0,
    minSamples: { metric: 'operations', value: MIN.crossTenantObservations }, text: 'zero data corruption (state read back equals state written)', source: PILOT }),
  redisP95('pilot', PILOT),
  redisP99('pilot'),
  ...apiLatency('pilot', PILOT),
  production.redisP95('pilot', 5, 'Redis latency < 5ms P95 for the pilot tenant', PILOT),
  ...rollback('pilot', abort('Stage 1: Pilot Tenant (0.1% of traffic)')),
], [
  manual('pilot.production-errors', 'Zero AttributeError exceptions in 24 hours of pilot traffic (production error tracking)', PILOT),
  manual('pilot.graph-inspection', 'Manual graph inspection confirms data integrity', at('5. Success Criteria / Stage 1 Success (Pilot Tenant)')),
], ARMS.pilot);

const earlyAdopters = stage('early-adopters', 'Stage 2: Early Adopters', '5% of traffic, 5 selected production tenants, 48 hours', EARLY, [
  errorBudget('early-adopters', 0.001, 'error rate increase < 0.1% vs control group (absolute delta < 0.001)', EARLY),
  ...apiLatency('early-adopters', EARLY),
  criterion({ id: 'early-adopters.api-p50-increase', check: 'load', metric: 'p50Ratio', op: '<', value: 1.1,
    minSamples: { metric: 'samplesCandidate', value: MIN.loadSamplesPerArm }, text: 'API latency (P50) increase < 10% vs control group', source: EARLY,
    latency: { floorMs: LATENCY_FLOOR_MS.p50, baselineMetric: 'p50MsBaseline' } }),
  ...isolation('early-adopters', at('5. Success Criteria / Stage 2 Success (Early Adopters)')),
  production.errorDelta('early-adopters', 0.001, 'error rate increase < 0.1% vs control group (non-enabled tenants)', EARLY),
  production.p95Ratio('early-adopters', 1.1, 'API latency P95 increase < 10% vs control group', EARLY),
  ...rollback('early-adopters', abort('Stage 2: Early Adopters (5% of traffic)')),
], [
  manual('early-adopters.production-errors', 'Zero AttributeError in 48 hours (production error tracking)', EARLY),
  manual('early-adopters.user-feedback', 'User feedback: no reports of data issues or performance degradation', EARLY),
], ARMS.earlyAdopters);

const gradual = (percent: number, day: number): Stage => {
  const id = `gradual-${percent}`;
  // The error budget is judged where the stage tracks it, on production traffic against the tenants
  // still off (daily error-budget tracking). A copy on the staged load check said the same thing of
  // the same comparison and, at 0.01 points, asked it for ~48,000 requests per arm.
  return stage(id, `Stage 3: Gradual Rollout ${percent}%`, `Day ${day}: ${percent}% of tenants; 3-day interval`, GRADUAL, [
    ...isolation(id, GRADUAL),
    redisP95(id, GRADUAL),
    cohort(id),
    production.errorDelta(id, 0.0001, `error budget maintained in production at ${percent}%: < 0.01% error rate increase vs control`, GRADUAL),
    production.redisP95(id, 5, 'Redis latency stable (< 5ms P95)', GRADUAL),
    production.cohortShare(id, percent, GRADUAL),
    ...rollback(id, abort('Stage 3: Gradual Rollout')),
  ], [
    manual(`${id}.no-mismatch-incidents`, 'No tenant state mismatch incidents reported', GRADUAL),
  ], ARMS.gradual(percent));
};

const full = stage('full', 'Stage 3: Full Rollout (100%)', 'Day 10: all tenants; final validation', FULL, [
  audit('full', FINAL),
  ...isolation('full', FULL),
  ...exactness('full', FINAL),
  errorBudget('full', 0.0001, 'error rate stable: < 0.01% increase vs pre-rollout', FULL),
  redisP95('full', FULL),
  redisP99('full'),
  ...fallback('full', FINAL),
  production.redisP95('full', 5, 'Redis latency stable (< 5ms P95)', FULL),
], [
  manual('full.adoption', '100% tenant adoption achieved', FULL),
  manual('full.seven-days', 'Zero AttributeError in 7 consecutive days; no user data complaints', FULL),
  manual('full.business', 'Business validation: no customer escalations, no performance complaints', FINAL),
  manual('full.documentation', 'Documentation validation: playbook, architecture docs, developer guide, monitoring runbook', FINAL),
], ARMS.full);

export const tenantScopedStatePlan: StagePlan = withProductionRuns({
  id: 'tenant-scoped-state',
  title: 'TENANT_SCOPED_STATE production rollout',
  document: DOC,
  stages: [preRollout, pilot, earlyAdopters, gradual(25, 1), gradual(50, 4), gradual(75, 7), full],
}, { 'gradual-25': 25, 'gradual-50': 50, 'gradual-75': 75, full: 100 });
