import type { Criterion, ManualItem, Source, Stage, StagePlan } from '../StagePlan.js';
import { citing, criterion, manual, MIN, runsFor } from './planParts.js';
import { production, withProductionRuns } from './productionCriteria.js';

const DOC = 'tenant-header-compatibility-rollout.md';
const at = citing(DOC);
const READY = at('Production Readiness Checklist');
const WINDOW = at('Compatibility Window');
const phaseAt = (n: number, title: string, part: string): Source => at(`Phase Plan / Phase ${n} - ${title} / ${part}`);

/** The compatibility window: legacy aliases accepted through this date, strict mode from the next. */
export const LEGACY_HEADER_CUTOFF = '2026-03-31';
export const STRICT_MODE_EARLIEST = '2026-04-01';

const servedTenant = (stage: string, text: string, source: Source): Criterion =>
  criterion({ id: `${stage}.served-tenant-is-tokens`, check: 'tenant-header', metric: 'wrongTenant', op: '==', value: 0,
    minSamples: { metric: 'cases', value: MIN.headerCases }, text, source });

const telemetry = (stage: string, text: string, source: Source): Criterion =>
  criterion({ id: `${stage}.legacy-telemetry-exact`, check: 'tenant-header', metric: 'telemetryMismatches', op: '==', value: 0,
    minSamples: { metric: 'cases', value: MIN.headerCases }, text, source });

const noLeaks = (stage: string, text: string, source: Source): Criterion =>
  criterion({ id: `${stage}.no-cross-tenant-access`, check: 'leakage', metric: 'leaks', op: '==', value: 0,
    minSamples: { metric: 'crossTenantObservations', value: MIN.crossTenantObservations }, text, source });

const audit = (stage: string, text: string, source: Source): Criterion =>
  criterion({ id: `${stage}.audit-clean`, check: 'audit', metric: 'violations', op: '==', value: 0,
    minSamples: { metric: 'filesScanned', value: MIN.auditFiles }, text, source });

function stage(id: string, title: string, window: Stage['window'], source: Source, criteria: Criterion[], manualItems: ManualItem[], notBefore?: string): Stage {
  const dates = `${window?.from ?? '?'} to ${window?.to ?? 'open'}`;
  const base: Stage = { id, title, summary: notBefore === undefined ? dates : `earliest start ${notBefore}`, source, window, runs: runsFor(criteria), criteria, manual: manualItems };
  return notBefore === undefined ? base : { ...base, notBefore };
}

const phase0 = stage('phase-0', 'Phase 0 - Contract and Feature Flags', { from: '2026-02-22', to: '2026-02-28' }, at('Phase Plan / Phase 0 - Contract and Feature Flags'), [
  servedTenant('phase-0', 'spoof/mismatch protections verified: the served tenant is always the token\'s', READY),
  telemetry('phase-0', 'legacy header telemetry counts every legacy use exactly (dated cutoff evidence)', READY),
  noLeaks('phase-0', 'tenant isolation tests green', READY),
  audit('phase-0', `legacy tenant headers read only in the compatibility module, and not after ${LEGACY_HEADER_CUTOFF}`, WINDOW),
], [
  manual('phase-0.contract-accepted', 'Contract docs accepted by Authority, Router, Platform, Scanner, Graph and Web owners', phaseAt(0, 'Contract and Feature Flags', 'Exit criteria')),
  manual('phase-0.trackers', 'Sprint trackers for 053-060 ready with test evidence plans', phaseAt(0, 'Contract and Feature Flags', 'Exit criteria')),
]);

const phase1 = stage('phase-1', 'Phase 1 - Authority + Router/Gateway Compatibility Mode', { from: '2026-03-01', to: '2026-03-07' }, at('Phase Plan / Phase 1 - Authority + Router/Gateway Compatibility Mode'), [
  servedTenant('phase-1', 'token resolves the selected tenant deterministically; spoofed inbound headers are stripped and rewritten', phaseAt(1, 'Authority + Router/Gateway Compatibility Mode', 'Exit criteria')),
  noLeaks('phase-1', 'no cross-tenant access through the gateway (spoofed headers included)', phaseAt(1, 'Authority + Router/Gateway Compatibility Mode', 'Exit criteria')),
], [
  manual('phase-1.ci', 'Targeted Authority/Router tests pass in CI; Authority deployed before Router/Gateway', phaseAt(1, 'Authority + Router/Gateway Compatibility Mode', 'Exit criteria')),
]);

const phase2 = stage('phase-2', 'Phase 2 - Service Migration: Platform, Scanner, Graph', { from: '2026-03-08', to: '2026-03-17' }, at('Phase Plan / Phase 2 - Service Migration: Platform, Scanner, Graph'), [
  noLeaks('phase-2', 'cross-tenant access attempts are rejected deterministically; module tenant isolation tests pass', phaseAt(2, 'Service Migration: Platform, Scanner, Graph', 'Exit criteria')),
  servedTenant('phase-2', 'tenant resolver paths consistent: a token/header mismatch never serves another tenant', phaseAt(2, 'Service Migration: Platform, Scanner, Graph', 'Exit criteria')),
  criterion({ id: 'phase-2.endpoint-policies-consistent', check: 'tenant-header', metric: 'policyMismatches', op: '==', value: 0,
    minSamples: { metric: 'cases', value: MIN.headerCases }, text: 'endpoint policies consistent: same decision for the same tenant on every path',
    source: phaseAt(2, 'Service Migration: Platform, Scanner, Graph', 'Exit criteria') }),
], [
  manual('phase-2.policies', 'Endpoint policies consistent across Platform, Scanner and Graph', phaseAt(2, 'Service Migration: Platform, Scanner, Graph', 'Exit criteria')),
]);

const phase3 = stage('phase-3', 'Phase 3 - Web Global Selector + Client Unification', { from: '2026-03-18', to: '2026-03-24' }, at('Phase Plan / Phase 3 - Web Global Selector + Client Unification'), [
  telemetry('phase-3', 'canonical tenant injection path active, with exact legacy usage telemetry', phaseAt(3, 'Web Global Selector + Client Unification', 'Exit criteria')),
  noLeaks('phase-3', 'a tenant switch causes no stale data bleed', phaseAt(3, 'Web Global Selector + Client Unification', 'Rollback criteria')),
  servedTenant('phase-3', 'the served tenant is always the token\'s', phaseAt(3, 'Web Global Selector + Client Unification', 'Exit criteria')),
], [
  manual('phase-3.ui-evidence', 'Global selector switches tenant across primary pages; Tier 2c UI evidence and Playwright tenant matrix complete (desktop + mobile)', phaseAt(3, 'Web Global Selector + Client Unification', 'Exit criteria')),
]);

const phase4 = stage('phase-4', 'Phase 4 - Strict Mode + Legacy Removal', { from: STRICT_MODE_EARLIEST }, at('Phase Plan / Phase 4 - Strict Mode + Legacy Removal'), [
  servedTenant('phase-4', 'strict mode: legacy aliases rejected, the served tenant is always the token\'s', phaseAt(4, 'Strict Mode + Legacy Removal', 'Deploy order')),
  audit('phase-4', 'no dependency remains on header-only tenant override paths (no legacy header read)', phaseAt(4, 'Strict Mode + Legacy Removal', 'Exit criteria')),
  noLeaks('phase-4', 'no cross-tenant access after legacy removal', phaseAt(4, 'Strict Mode + Legacy Removal', 'Rollback criteria')),
  production.noLegacyHeaders('phase-4', 'legacy header usage telemetry at zero for 14 consecutive days', phaseAt(4, 'Strict Mode + Legacy Removal', 'Exit criteria')),
], [
  manual('phase-4.qa-pm-decision', 'Go/no-go decision documented by QA and Project Manager', READY),
], STRICT_MODE_EARLIEST);

// Strict mode is for everybody (100 %); the document's 14 days are the production window.
export const tenantHeaderPlan: StagePlan = withProductionRuns({
  id: 'tenant-header',
  title: 'Multi-tenant same-key rollout and header compatibility',
  document: DOC,
  stages: [phase0, phase1, phase2, phase3, phase4],
}, { 'phase-4': 100 }, { 'phase-4': '14d' });
