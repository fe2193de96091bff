import type { Bucket } from './bucketQuantile.js';
import { seriesOf, type QueryRecord } from './PrometheusClient.js';

/** What readCohorts asks through: a PrometheusClient, or a replay of recorded answers. */
export interface PromQuerier {
  readonly records: QueryRecord[];
  query(purpose: string, promql: string, time: number): Promise<QueryRecord>;
  queryRange(purpose: string, promql: string, start: number, end: number, stepSeconds: number): Promise<QueryRecord>;
}
import { baselineMatchers, type ProductionConfig } from './ProductionConfig.js';
import { readCounterShares, type ShareReading } from './judgeCounterShares.js';
import { cohortQueries, cohortRangeQueries, legacyHeaderQuery, redisQuery } from './productionQueries.js';

/** The judged cohorts: the canary, and the baseline it is compared with. */
export type CohortName = 'baseline' | 'canary';

/** What Prometheus said about one cohort; undefined = no series (or no answer). */
export interface CohortReading {
  requests?: number;
  errors?: number;
  violations?: number;
  latency?: Bucket[];
  /** Unix seconds of the newest requests sample. */
  newest?: number;
  /** Share of the window's steps that held a requests sample. */
  coverage?: number;
  /** P95 (seconds) over the window, for the report's plot. */
  p95Series: Array<[number, number]>;
}

export interface ProductionReading {
  end: number;
  windowSeconds: number;
  baseline: CohortReading;
  canary: CohortReading;
  /**
   * The control cohort's requests, read for the canary's share of traffic only when the baseline
   * is a cohort of its own (`distinct`); otherwise the baseline is the control.
   */
  control: { distinct: boolean; requests?: number };
  redis?: Bucket[];
  /** The canary's requests that carried a legacy tenant header (undefined: no series). */
  legacyHeaders?: number;
  /** The canary's counter shares a threshold names (`share:<name>`). */
  shares?: ShareReading[];
  /** Set when Prometheus could not be asked at all: the first reason. */
  unreachable?: string;
  records: QueryRecord[];
}

function scalarOf(record: QueryRecord): number | undefined {
  const series = seriesOf(record);
  const v = series?.[0]?.value?.[1];
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function bucketsOf(record: QueryRecord): Bucket[] | undefined {
  const series = seriesOf(record);
  if (series === undefined || series.length === 0) return undefined;
  const buckets = series.flatMap((s) => {
    const le = s.metric.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.metric.le);
    const count = Number(s.value?.[1]);
    return Number.isNaN(le) || !Number.isFinite(count) ? [] : [{ le, count }];
  });
  return buckets.length === 0 ? undefined : buckets;
}

function valuesOf(record: QueryRecord): Array<[number, number]> {
  return (seriesOf(record)?.[0]?.values ?? []).flatMap(([t, v]) => (Number.isFinite(Number(v)) ? [[t, Number(v)] as [number, number]] : []));
}

async function readCohort(client: PromQuerier, config: ProductionConfig, cohort: CohortName, end: number, w: string, windowSeconds: number, stepSeconds: number, rateWindow: string): Promise<CohortReading> {
  const matchers = cohort === 'baseline' ? baselineMatchers(config.cohorts) : config.cohorts.canary;
  const q = cohortQueries(config.metrics, matchers, w);
  const ask = (name: string): Promise<QueryRecord> => client.query(`${name}.${cohort}`, q[name] as string, end);
  const [requests, errors, latency, newest] = await Promise.all([ask('requests'), ask('errors'), ask('latency'), ask('newest')]);
  const violations = q.violations === undefined ? undefined : await ask('violations');
  const r = cohortRangeQueries(config.metrics, matchers, rateWindow);
  const start = end - windowSeconds;
  const [coverage, p95] = await Promise.all([
    client.queryRange(`coverage.${cohort}`, r.coverage as string, start + stepSeconds, end, stepSeconds),
    client.queryRange(`p95.${cohort}`, r.p95 as string, start + stepSeconds, end, stepSeconds),
  ]);
  const steps = Math.max(1, Math.round(windowSeconds / stepSeconds));
  const covered = seriesOf(coverage)?.[0]?.values?.length;
  return {
    requests: scalarOf(requests), errors: scalarOf(errors), latency: bucketsOf(latency), newest: scalarOf(newest),
    ...(violations === undefined ? {} : { violations: scalarOf(violations) }),
    ...(covered === undefined ? (seriesOf(coverage) === undefined ? {} : { coverage: 0 }) : { coverage: Math.min(1, covered / steps) }),
    p95Series: valuesOf(p95),
  };
}

/** Asks Prometheus everything the judgement needs, for the window ending at `end` (unix seconds). */
export async function readCohorts(client: PromQuerier, config: ProductionConfig, o: { end: number; window: string; windowSeconds: number; rateWindowSeconds: number; shares?: readonly string[] }): Promise<ProductionReading> {
  const stepSeconds = Math.max(1, Math.round(o.windowSeconds / config.limits.coverageSteps));
  const rateWindow = `${Math.max(o.rateWindowSeconds, 2 * stepSeconds)}s`;
  const baseline = await readCohort(client, config, 'baseline', o.end, o.window, o.windowSeconds, stepSeconds, rateWindow);
  const canary = await readCohort(client, config, 'canary', o.end, o.window, o.windowSeconds, stepSeconds, rateWindow);
  const distinct = baselineMatchers(config.cohorts) !== config.cohorts.control;
  let control: ProductionReading['control'] = { distinct };
  if (distinct) {
    const q = cohortQueries(config.metrics, config.cohorts.control, o.window);
    const requests = scalarOf(await client.query('requests.control', q.requests as string, o.end));
    control = requests === undefined ? control : { distinct, requests };
  }
  let redis: Bucket[] | undefined;
  if (config.metrics.redisLatency !== null) {
    redis = bucketsOf(await client.query('redis-latency.canary', redisQuery(config.metrics.redisLatency, config.cohorts.canary, o.window), o.end));
  }
  let legacyHeaders: number | undefined;
  if (config.metrics.legacyTenantHeaders !== null) {
    legacyHeaders = scalarOf(await client.query('legacy-headers.canary', legacyHeaderQuery(config.metrics.legacyTenantHeaders, config.cohorts.canary, o.window), o.end));
  }
  const shares = await readCounterShares(client, config.shares, o.shares ?? [], config.cohorts.canary, o.end, o.window);
  const failed = client.records.find((r) => r.outcome.kind !== 'ok');
  const unreachable = failed !== undefined && failed.outcome.kind !== 'ok' ? `${failed.outcome.kind}: ${failed.outcome.reason}` : undefined;
  return { end: o.end, windowSeconds: o.windowSeconds, baseline, canary, control, shares, ...(redis === undefined ? {} : { redis }), ...(legacyHeaders === undefined ? {} : { legacyHeaders }), ...(unreachable === undefined ? {} : { unreachable }), records: [...client.records] };
}
