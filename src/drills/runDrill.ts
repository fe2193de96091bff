import { performance } from 'node:perf_hooks';
import { isIsogateError, redactSecrets } from '../errors/index.js';
import type { Evidence } from '../evidence/index.js';
import { cohortDrill } from './cohortDrill.js';
import type { DrillContext } from './DrillContext.js';
import type { DrillName, DrillOutcome } from './DrillOutcome.js';
import { failoverDrill } from './failoverDrill.js';
import { fallbackDrill } from './fallbackDrill.js';
import { flagPropagationDrill } from './flagPropagationDrill.js';
import { rollbackDrill } from './rollbackDrill.js';

const DRILLS: { [N in DrillName]: (ctx: DrillContext) => Promise<DrillOutcome<`drill:${N}`>> } = {
  'flag-propagation': flagPropagationDrill,
  rollback: rollbackDrill,
  fallback: fallbackDrill,
  failover: failoverDrill,
  cohort: cohortDrill,
};

/**
 * Runs one drill and turns what it found into an evidence record. A drill that cannot run (no
 * Redis, a service that will not start) is `error` evidence, never a pass: the gate reads it as
 * INCONCLUSIVE.
 */
export async function runDrill(name: DrillName, ctx: DrillContext): Promise<Evidence> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const base = { check: `drill:${name}`, seed: ctx.seed, startedAt, artifacts: [] };
  try {
    const outcome = await DRILLS[name](ctx);
    return {
      ...base, target: outcome.target ?? ctx.config.service.name, status: outcome.status,
      metrics: outcome.metrics, details: { ...outcome.details, ...(ctx.arm === undefined ? {} : { arm: { state: ctx.arm } }) }, durationMs: Math.round(performance.now() - t0),
    };
  } catch (error) {
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    return {
      ...base, target: ctx.config.service.name, status: 'error', metrics: {},
      details: { error: message, code: isIsogateError(error) ? error.code : 'ISOGATE_INTERNAL', hint: isIsogateError(error) ? error.hint : undefined },
      durationMs: Math.round(performance.now() - t0),
    };
  }
}
