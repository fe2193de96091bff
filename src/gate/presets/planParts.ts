import type { CheckId } from '../../evidence/index.js';
import type { CheckRun, Criterion, ManualItem, Source, StageArms, TypedCriterion } from '../StagePlan.js';
import { drillArgs, loadArgs } from '../loadArgs.js';

/** Identity with the check's own metric names as the only accepted ones (compile-time check). */
export function criterion<C extends CheckId>(c: TypedCriterion<C>): Criterion {
  return c;
}

export function manual(id: string, text: string, source: Source): ManualItem {
  return { id, text, source };
}

/** A citation builder bound to one document. */
export function citing(document: string): (section: string) => Source {
  return (section) => ({ document, section });
}

/**
 * How each check is run: the same `isogate` commands a user types. A command this isogate does
 * not have leaves its stage INCONCLUSIVE (the CLI answers "expected a command").
 */
export const RUNS = {
  leak: { id: 'leak', argv: ['leak'], produces: ['leakage'] },
  audit: { id: 'audit', argv: ['audit'], produces: ['audit'] },
  load: { id: 'load', argv: ['load'], produces: ['load', 'redis-latency', 'noisy-neighbour'] },
  flagPropagation: { id: 'drill-flag-propagation', argv: ['drill', 'flag-propagation'], produces: ['drill:flag-propagation'] },
  rollback: { id: 'drill-rollback', argv: ['drill', 'rollback'], produces: ['drill:rollback'] },
  fallback: { id: 'drill-fallback', argv: ['drill', 'fallback'], produces: ['drill:fallback'] },
  failover: { id: 'drill-failover', argv: ['drill', 'failover'], produces: ['drill:failover'] },
  cohort: { id: 'drill-cohort', argv: ['drill', 'cohort'], produces: ['drill:cohort'] },
  keyspaceMigration: { id: 'scenario-keyspace-migration', argv: ['scenario', 'keyspace-migration'], produces: ['keyspace-migration'] },
  tenantHeader: { id: 'scenario-tenant-header', argv: ['scenario', 'tenant-header'], produces: ['tenant-header'] },
  tenantRetrieval: { id: 'scenario-tenant-retrieval', argv: ['scenario', 'tenant-retrieval'], produces: ['tenant-retrieval'] },
  // Its argv gets --plan/--stage/--canary-percent from withProductionRuns (productionCriteria.ts).
  production: { id: 'production', argv: ['production'], produces: ['production'] },
} as const satisfies Record<string, CheckRun>;

/**
 * The runs a stage needs: exactly those producing a check its criteria read. `isogate load`
 * measures only the checks asked with --checks, so a stage never pays for a load run it ignores.
 */
export function runsFor(criteria: readonly Criterion[], arms?: StageArms): CheckRun[] {
  const needed = new Set(criteria.map((c) => c.check));
  return Object.values(RUNS)
    .filter((run) => run.produces.some((p) => needed.has(p)))
    .map((run) => {
      const produces = run.produces.filter((p) => needed.has(p));
      const argv = run.id === RUNS.load.id ? [...run.argv, '--checks', produces.join(','), ...loadArgs(criteria, arms)]
        : run.argv[0] === 'drill' ? [...run.argv, ...drillArgs(arms)] : [...run.argv];
      return { id: run.id, argv, produces };
    });
}

/**
 * Absolute floors of the latency criteria: a ratio limit means nothing on sub-millisecond
 * quantiles, so the candidate may always be this much slower in ms (the load engine's defaults).
 */
export const LATENCY_FLOOR_MS = { p50: 0.1, p95: 0.25, noisyP95: 1 } as const;

/**
 * Minimum evidence before a criterion can pass. 300 cross-tenant observations with no leak give a
 * 95% upper bound of 1% on the leak rate (rule of three); the latency minimums are what a P95 needs
 * to be more than a handful of points.
 */
export const MIN = {
  crossTenantObservations: 300,
  loadSamplesPerArm: 1000,
  redisSamples: 1000,
  drillRequests: 50,
  flips: 3,
  cohortProperties: 6,
  auditFiles: 1,
  headerCases: 50,
  retrievalQueries: 100,
  retrievalLatencySamples: 100,
  scenarioOperations: 500,
  /** Requests of the canary cohort: with none crossing a tenant, the rule of three bounds the rate below 0.5%. */
  productionRequests: 600,
} as const;
