import type { StagePlan } from '../StagePlan.js';
import { keyspaceMigrationPlan } from './keyspaceMigration.js';
import { requestIsolationPlan } from './requestIsolation.js';
import { tenantFilteredRetrievalPlan } from './tenantFilteredRetrieval.js';
import { tenantHeaderPlan } from './tenantHeader.js';
import { tenantScopedStatePlan } from './tenantScopedState.js';

export const PRESET_NAMES = ['tenant-scoped-state', 'request-isolation', 'tenant-header', 'keyspace-migration', 'tenant-filtered-retrieval'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESETS: Readonly<Record<PresetName, StagePlan>> = {
  'tenant-scoped-state': tenantScopedStatePlan,
  'request-isolation': requestIsolationPlan,
  'tenant-header': tenantHeaderPlan,
  'keyspace-migration': keyspaceMigrationPlan,
  'tenant-filtered-retrieval': tenantFilteredRetrievalPlan,
};
