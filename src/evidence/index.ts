export { evidenceSchema, EVIDENCE_STATUSES } from './Evidence.js';
export type { Evidence, EvidenceStatus } from './Evidence.js';
export { evidenceDir, newRunId, writeEvidence, readEvidenceFile, readEvidenceDir } from './EvidenceStore.js';
export { CHECKS, isCheckId, isMetricOf, NAMED_METRICS } from './CheckCatalogue.js';
export type { CheckId, MetricOf } from './CheckCatalogue.js';
