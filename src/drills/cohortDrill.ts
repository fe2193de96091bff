import type { DrillContext } from './DrillContext.js';
import type { DrillOutcome } from './DrillOutcome.js';
import { checkCohortProperties } from './checkCohortProperties.js';
import { loadCohortFunction } from './loadCohortFunction.js';

/** Property tests of the rollout's cohort function (request-isolation rollout, "Canary User Selection"). */
export async function cohortDrill(ctx: DrillContext): Promise<DrillOutcome<'drill:cohort'>> {
  const { fn, target } = await loadCohortFunction(ctx);
  const { numRuns, statisticalRuns, samples } = ctx.config.cohort;
  // The stage's own percentage is always among those checked: its cohort is the one that ships.
  const stagePercent = ctx.exposure?.kind === 'cohort' ? [ctx.exposure.percent] : [];
  const percentages = [...new Set([...ctx.config.cohort.percentages, ...stagePercent])].sort((a, b) => a - b);
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
