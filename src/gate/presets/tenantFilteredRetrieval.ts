import type { Criterion, ManualItem, Source, Stage, StagePlan } from '../StagePlan.js';
import { citing, criterion, manual, MIN, runsFor } from './planParts.js';
import { production, withProductionRuns } from './productionCriteria.js';

const DOC = 'tenant-filtered-retrieval-rollout.md';
const at = citing(DOC);
const PERF = at('Monitoring & Validation / Daily Checks / Performance Metrics');
const phase = (n: number, title: string): Source => at(`Rollout Phases / Phase ${n}: ${title} / Success Criteria`);

const q = { metric: 'queries', value: MIN.retrievalQueries } as const;
const timed = { metric: 'latencySamples', value: MIN.retrievalLatencySamples } as const;
const noLeaks = (stage: string, source: Source): Criterion[] => [
  criterion({ id: `${stage}.no-tenant-leakage`, check: 'tenant-retrieval', metric: 'leaks', op: '==', value: 0, minSamples: q,
    text: 'no tenant data leakage: no result ever from another tenant', source }),
  criterion({ id: `${stage}.filter-respected`, check: 'tenant-retrieval', metric: 'filterViolations', op: '==', value: 0, minSamples: q,
    text: 'top-k and pagination respect the tenant filter (RLS violations blocked)', source: at('Success Metrics / Security Metrics') }),
];
const allowList = (stage: string, source: Source): Criterion =>
  criterion({ id: `${stage}.allow-list-respected`, check: 'tenant-retrieval', metric: 'routingMismatches', op: '==', value: 0, minSamples: q,
    text: 'real retrieval only for the tenants on the allow-list (USE_REAL_VECTOR_RETRIEVAL_TENANTS)', source });
const sla = (stage: string, source: Source): Criterion[] => [
  criterion({ id: `${stage}.avg-latency`, check: 'tenant-retrieval', metric: 'avgMs', op: '<', value: 2000, minSamples: timed,
    text: 'performance within SLA: < 2s average', source }),
  criterion({ id: `${stage}.p95-latency`, check: 'tenant-retrieval', metric: 'p95Ms', op: '<', value: 3000, minSamples: timed,
    text: 'performance within SLA: < 3s P95', source }),
];
const errors = (stage: string, source: Source): Criterion =>
  criterion({ id: `${stage}.error-rate`, check: 'tenant-retrieval', metric: 'errorRate', op: '<', value: 0.01, minSamples: q,
    text: 'error rate < 1%', source });
const DASHBOARD = at('Monitoring & Validation / Daily Checks (During Rollout) / Dashboard Review');
const successRate = (stage: string, source: Source): Criterion =>
  production.share(stage, 'retrievalSuccess', '>', 0.99, 'vector retrieval success rate > 99% (vecsec_vector_retrieval_success_total among successes and failures)', source);
const fallbackSeen = (stage: string, text: string, source: Source): Criterion =>
  criterion({ id: `${stage}.fallback-detected`, check: 'tenant-retrieval', metric: 'fallbackUndetected', op: '==', value: 0, minSamples: q, text, source });

function stage(n: number, title: string, summary: string, criteria: Criterion[], manualItems: ManualItem[]): Stage {
  return { id: `phase-${n}`, title: `Phase ${n}: ${title}`, summary, source: at(`Rollout Phases / Phase ${n}: ${title}`), runs: runsFor(criteria), criteria, manual: manualItems };
}

const phase0 = stage(0, 'Pre-Deployment (Staging)', '1-2 days; USE_REAL_VECTOR_RETRIEVAL=false', [
  ...noLeaks('phase-0', at('Monitoring & Validation / Weekly Validation / Security Audit')),
  fallbackSeen('phase-0', 'mock retrieval is visible in telemetry (monitoring shows mock retrieval metrics)', phase(0, 'Pre-Deployment (Staging)')),
  errors('phase-0', phase(0, 'Pre-Deployment (Staging)')),
  ...sla('phase-0', PERF),
], [
  manual('phase-0.e2e', 'All E2E tests pass in staging; no errors in logs for 24 hours', phase(0, 'Pre-Deployment (Staging)')),
  manual('phase-0.dashboards', 'Monitoring dashboards operational', phase(0, 'Pre-Deployment (Staging)')),
]);

const phase1 = stage(1, 'Internal Test Tenant', '2-3 days; real retrieval for the internal test tenant only', [
  ...noLeaks('phase-1', phase(1, 'Internal Test Tenant')),
  allowList('phase-1', at('Rollout Phases / Phase 1: Internal Test Tenant / Objectives')),
  ...sla('phase-1', phase(1, 'Internal Test Tenant')),
  errors('phase-1', PERF),
  fallbackSeen('phase-1', 'monitoring shows real retrievals: a fallback to mock is never silent', phase(1, 'Internal Test Tenant')),
], [
  manual('phase-1.no-critical-errors', 'No critical errors in 24-48 hours of internal use', phase(1, 'Internal Test Tenant')),
]);

const phase2 = stage(2, '10% Traffic', '3-5 days; 10% of tenants (allow-list)', [
  ...noLeaks('phase-2', phase(2, '10% Traffic')),
  allowList('phase-2', at('Rollout Phases / Phase 2: 10% Traffic / Activities')),
  errors('phase-2', phase(2, '10% Traffic')),
  ...sla('phase-2', phase(2, '10% Traffic')),
  production.errorRate('phase-2', 0.01, 'error rate < 1%', phase(2, '10% Traffic')),
  production.p95Ms('phase-2', 3000, 'performance within SLA: < 3s P95', phase(2, '10% Traffic')),
  successRate('phase-2', DASHBOARD),
], [
  manual('phase-2.complaints', 'No customer complaints', phase(2, '10% Traffic')),
]);

const phase3 = stage(3, '50% Traffic', '5-7 days; 50% of tenants', [
  ...noLeaks('phase-3', at('Success Metrics / Security Metrics')),
  allowList('phase-3', at('Rollout Phases / Phase 3: 50% Traffic / Activities')),
  errors('phase-3', phase(3, '50% Traffic')),
  ...sla('phase-3', phase(3, '50% Traffic')),
  production.errorRate('phase-3', 0.01, 'error rate < 1%', phase(3, '50% Traffic')),
  production.p95Ms('phase-3', 3000, 'performance within SLA: < 3s P95', phase(3, '50% Traffic')),
  successRate('phase-3', DASHBOARD),
], [
  manual('phase-3.resources', 'Resource usage acceptable; no scaling issues', phase(3, '50% Traffic')),
]);

const phase4 = stage(4, '100% Traffic', 'ongoing; all tenants', [
  ...noLeaks('phase-4', at('Success Metrics / Security Metrics')),
  fallbackSeen('phase-4', '100% tenant isolation: every fallback flagged, all RLS violations blocked', at('Success Metrics / Security Metrics')),
  errors('phase-4', at('Success Metrics / Performance Metrics')),
  ...sla('phase-4', at('Success Metrics / Performance Metrics')),
  production.errorRate('phase-4', 0.01, 'error rate < 1%', at('Success Metrics / Performance Metrics')),
  production.p95Ms('phase-4', 3000, 'P95 response time < 3.0s', at('Success Metrics / Performance Metrics')),
  successRate('phase-4', at('Success Metrics / Performance Metrics')),
], [
  manual('phase-4.reliability', 'Uptime > 99.9%, no critical outages, MTTR < 5 minutes (production)', at('Success Metrics / Reliability Metrics')),
  manual('phase-4.customers', 'Customer satisfaction maintained', phase(4, '100% Traffic')),
]);

export const tenantFilteredRetrievalPlan: StagePlan = withProductionRuns({
  id: 'tenant-filtered-retrieval',
  title: 'Real vector retrieval: tenant-filtered gradual rollout',
  document: DOC,
  stages: [phase0, phase1, phase2, phase3, phase4],
}, { 'phase-2': 10, 'phase-3': 50, 'phase-4': 100 });
