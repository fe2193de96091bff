import { fileURLToPath } from 'node:url';
import { loadExport } from '../targets/index.js';
import type { CohortFunction } from './CohortFunction.js';
import { checkCohortProperties } from './checkCohortProperties.js';
import type { DrillContext } from './DrillContext.js';
import type { DrillOutcome } from './DrillOutcome.js';

const REFERENCE_COHORT = fileURLToPath(new URL('../../fixtures/reference-service/cohort.ts', import.meta.url));

/** The reference's cohort function takes the service's faults; a user's module exports the function itself. */
async function loadCohort(ctx: DrillContext): Promise<{ fn: CohortFunction; target: string }> {
  const { cohort, service } = ctx.config;
  if (cohort.module !== undefined) {
    return { fn: await loadExport<CohortFunction>(cohort.module, cohort.export, ctx.baseDir, 'a cohort function'), target: `${cohort.module}#${cohort.export}` };
  }
  const create = await loadExport<(faults: readonly string[]) => CohortFunction>(REFERENCE_COHORT, 'createCohort', ctx.baseDir, 'the reference cohort factory');
  return { fn: create(service.faults), target: `${service.name}#cohort` };
}

/** Property tests of the rollout's cohort function (request-isolation rollout, "Canary User Selection"). */
export async function cohortDrill(ctx: DrillContext): Promise<DrillOutcome<'drill:cohort'>> {
  const { fn, target } = await loadCohort(ctx);
  const { numRuns, statisticalRuns, samples, percentages } = ctx.config.cohort;
  const outcomes = await checkCohortProperties(fn, { seed: ctx.seed, numRuns, statisticalRuns, samples, percentages });
  const failed = outcomes.filter((o) => o.status === 'fail');
  for (const f of failed) ctx.log(`  ${f.property}: ${f.message} (seed ${f.seed}, path ${f.path ?? '-'})`);
  return {
    status: failed.length === 0 ? 'pass' : 'fail',
    target,
    metrics: { properties: outcomes.length, failures: failed.length },
    details: { properties: outcomes, percentages, samples },
  };
}
