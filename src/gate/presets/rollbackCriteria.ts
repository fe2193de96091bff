import type { Criterion, Source } from '../StagePlan.js';
import { criterion, MIN } from './planParts.js';

/** Where each rollback criterion's threshold comes from, in the stage's own document. */
export interface RollbackSources {
  /** The document's time limit on a rollback (both documents: 5 minutes). */
  time: Source;
  /** The stage's rollback triggers or procedure: a rollback must run under its traffic without failing it. */
  underTraffic: Source;
  /** The procedure's promise that every worker is back on the fallback. */
  procedure: Source;
}

/**
 * The rollback drilled from the stage's own exposure (`drill rollback --candidate <arms.candidate>`
 * with the configured runbook): a stage that names rollback triggers must be able to roll back from
 * where it stands. Only where overrides are set (an allow-list, a pilot tenant, a hash cohort) can
 * a runbook that turns the global flag off and leaves the overrides on be seen to fail, so the
 * drill belongs to those stages as much as to the `new:all` ones.
 */
export function rollbackCriteria(stage: string, sources: RollbackSources): Criterion[] {
  const need = { metric: 'requests' as const, value: MIN.drillRequests };
  return [
    criterion({ id: `${stage}.rollback-time`, check: 'drill:rollback', metric: 'durationMs', op: '<', value: 300_000, minSamples: need,
      text: 'rollback drill from this stage\'s exposure completes in < 5 minutes', source: sources.time }),
    criterion({ id: `${stage}.rollback-no-errors`, check: 'drill:rollback', metric: 'unhandledErrors', op: '==', value: 0, minSamples: need,
      text: 'rollback under this stage\'s traffic: zero unhandled errors', source: sources.underTraffic }),
    criterion({ id: `${stage}.rollback-tenants-off`, check: 'drill:rollback', metric: 'tenantsOnNewPath', op: '==', value: 0, minSamples: need,
      text: 'after the rollback no tenant this stage turned on is still served from the new path (a per-tenant override left on outranks the global flag)', source: sources.procedure }),
  ];
}
