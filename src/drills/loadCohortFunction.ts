import { fileURLToPath } from 'node:url';
import { loadExport } from '../targets/index.js';
import type { CohortFunction } from './CohortFunction.js';
import type { DrillContext } from './DrillContext.js';

const REFERENCE_COHORT = fileURLToPath(new URL('../../fixtures/reference-service/cohort.ts', import.meta.url));

/** The service's cohort function (drills.cohort); the reference's takes the service's faults, a user's module exports the function itself. */
export async function loadCohortFunction(ctx: Pick<DrillContext, 'config' | 'baseDir'>): Promise<{ fn: CohortFunction; target: string }> {
  const { cohort, service } = ctx.config;
  if (cohort.module !== undefined) {
    return { fn: await loadExport<CohortFunction>(cohort.module, cohort.export, ctx.baseDir, 'a cohort function'), target: `${cohort.module}#${cohort.export}` };
  }
  const create = await loadExport<(faults: readonly string[]) => CohortFunction>(REFERENCE_COHORT, 'createCohort', ctx.baseDir, 'the reference cohort factory');
  return { fn: create(service.faults), target: `${service.name}#cohort` };
}
