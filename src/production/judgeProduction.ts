import { newcombeDifference, wilsonInterval } from '../load/index.js';
import { bucketQuantile, normalZ, type BucketQuantile } from './bucketQuantile.js';
import { judgeCounterShares } from './judgeCounterShares.js';
import { baselineMatchers, type ProductionConfig } from './ProductionConfig.js';
import type { CohortName, CohortReading, ProductionReading } from './readCohorts.js';

export type Op = '<' | '<=' | '>' | '>=' | '==';

/** A threshold on one of the check's metrics (the plan's criterion, or the config's default). */
export interface ProductionThreshold {
  id: string;
  metric: string;
  op: Op;
  value: number;
}

export type ThresholdStatus = 'pass' | 'fail' | 'inconclusive';

export interface ThresholdResult extends ProductionThreshold {
  status: ThresholdStatus;
  reason: string;
  /** False when the data could not give its metric a value (no series, too few events). */
  measured: boolean;
}

export interface ProductionJudgement {
  status: ThresholdStatus;
  metrics: Record<string, number>;
  /** Why the data cannot decide anything (absent series, stale scrape, short coverage, too few requests). */
  insufficient: string[];
  thresholds: ThresholdResult[];
  mde: string;
}

export interface JudgeOptions {
  /** The stage's canary share in per cent, when it names one. */
  canaryPercent?: number;
  thresholds: readonly ProductionThreshold[];
}

function holds(x: number, op: Op, v: number): boolean {
  return op === '<' ? x < v : op === '<=' ? x <= v : op === '>' ? x > v : op === '>=' ? x >= v : x === v;
}

/** Pass only when the whole interval satisfies the threshold, fail only when none of it does. */
function judgeInterval(lo: number, hi: number, op: Op, v: number): ThresholdStatus {
  const ends = [holds(lo, op, v), holds(hi, op, v)];
  if (op === '==') return lo === v && hi === v ? 'pass' : v < lo || v > hi ? 'fail' : 'inconclusive';
  return ends.every(Boolean) ? 'pass' : ends.some(Boolean) ? 'inconclusive' : 'fail';
}

function put(metrics: Record<string, number>, name: string, value: number, lo?: number, hi?: number): void {
  if (!Number.isFinite(value)) return;
  metrics[name] = value;
  if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
    metrics[`${name}.lo`] = Math.min(lo, value);
    metrics[`${name}.hi`] = Math.max(hi, value);
  }
}

/** Data problems that forbid any judgement; each says what to do. */
function dataProblems(r: ProductionReading, config: ProductionConfig, cohorts: readonly CohortName[], needsControl: boolean): string[] {
  if (r.unreachable !== undefined) return [`Prometheus gave no answer (${r.unreachable}); check the URL, the auth header and that it is up`];
  const { limits, metrics: names } = config;
  const out: string[] = [];
  for (const cohort of cohorts) {
    const c: CohortReading = r[cohort];
    const sel = cohort === 'baseline' ? baselineMatchers(config.cohorts) : config.cohorts.canary;
    if (c.requests === undefined) out.push(`no ${names.requests} series for ${cohort} {${sel}} in the window: is the cohort label right, is the service scraped?`);
    if (c.errors === undefined) out.push(`no ${names.errors} series for ${cohort} {${sel}}: the service must export it (at 0 before the first error)`);
    if (c.latency === undefined) out.push(`no ${names.latency}_bucket series for ${cohort} {${sel}}: the latency histogram is missing`);
    if (names.isolationViolations !== null && c.violations === undefined) out.push(`no ${names.isolationViolations} series for ${cohort} {${sel}} (export it at 0), or set production.metrics.isolationViolations to null`);
    if (c.newest !== undefined) {
      const age = r.end - c.newest;
      if (age > limits.maxScrapeAgeSeconds) out.push(`the newest ${cohort} sample is ${Math.round(age)} s old (limit ${limits.maxScrapeAgeSeconds} s): the scrape is stale`);
    }
    if (c.coverage !== undefined && c.coverage < limits.minCoverage) {
      out.push(`${cohort} data covers ${(c.coverage * 100).toFixed(1)}% of the ${r.windowSeconds} s window (needs ${limits.minCoverage * 100}%)`);
    }
    if (c.requests !== undefined && c.requests < limits.minRequests) out.push(`${cohort} served ${Math.round(c.requests)} requests in the window (needs ${limits.minRequests})`);
  }
  if (needsControl && r.control.distinct && r.control.requests === undefined) {
    out.push(`no ${names.requests} series for control {${config.cohorts.control}}: the canary's share of traffic needs the control's requests`);
  }
  return out;
}

function quantileMs(q: BucketQuantile): { value: number; lo: number; hi: number } | undefined {
  return q.kind === 'ok' ? { value: q.estimate * 1000, lo: q.lo * 1000, hi: q.hi * 1000 } : undefined;
}

/**
 * Canary against baseline from what Prometheus said: error-rate differential (Newcombe), P95 ratio
 * from buckets, isolation violations (rule of three when none), cohort share, Redis P95. Every
 * judged quantity is per request (a rate, a ratio, a quantile), never a total that grows with a
 * fleet's size. Never `pass` on data that cannot carry a judgement: then no judged metric is
 * written at all.
 */
export function judgeProduction(r: ProductionReading, config: ProductionConfig, o: JudgeOptions): ProductionJudgement {
  const metrics: Record<string, number> = { windowSeconds: r.windowSeconds };
  const conf = config.limits.confidence;
  for (const cohort of ['baseline', 'canary'] as const satisfies readonly CohortName[]) {
    const c = r[cohort];
    const cap = cohort === 'baseline' ? 'Baseline' : 'Canary';
    if (c.requests !== undefined) metrics[`requests${cap}`] = Math.round(c.requests);
    if (c.coverage !== undefined) metrics[`coverage${cap}`] = c.coverage;
    if (c.newest !== undefined) metrics.scrapeAgeSeconds = Math.max(metrics.scrapeAgeSeconds ?? 0, Math.max(0, r.end - c.newest));
  }
  if (r.control.distinct && r.control.requests !== undefined) metrics.requestsControl = Math.round(r.control.requests);
  // At 100% there is no other cohort left: only the canary's own rates can be judged.
  const alone = o.canaryPercent === 100;
  const insufficient = dataProblems(r, config, alone ? ['canary'] : ['baseline', 'canary'], !alone && o.canaryPercent !== undefined);
  if (insufficient.length > 0) return { status: 'inconclusive', metrics, insufficient, thresholds: [], mde: 'no judgement' };
  if (alone) return judgeAlone(r, config, o, metrics);

  const base = r.baseline as Required<Pick<CohortReading, 'requests' | 'errors' | 'latency'>> & CohortReading;
  const can = r.canary as Required<Pick<CohortReading, 'requests' | 'errors' | 'latency'>> & CohortReading;
  const nC = Math.round(base.requests);
  const nK = Math.round(can.requests);
  const eC = Math.min(nC, Math.round(base.errors));
  const eK = Math.min(nK, Math.round(can.errors));
  metrics.errorsBaseline = eC;
  metrics.errorsCanary = eK;
  const diff = newcombeDifference(eK, nK, eC, nC, conf);
  put(metrics, 'errorRateDelta', diff.estimate, diff.lo, diff.hi);
  put(metrics, 'errorRateCanary', diff.candidate.estimate, diff.candidate.lo, diff.candidate.hi);
  put(metrics, 'errorRateBaseline', diff.baseline.estimate, diff.baseline.lo, diff.baseline.hi);

  const qC = bucketQuantile(base.latency, 0.95, conf);
  const qK = bucketQuantile(can.latency, 0.95, conf);
  const msC = quantileMs(qC);
  const msK = quantileMs(qK);
  if (msC !== undefined) put(metrics, 'p95MsBaseline', msC.value, msC.lo, msC.hi);
  if (msK !== undefined) put(metrics, 'p95MsCanary', msK.value, msK.lo, msK.hi);
  let mde = 'P95 ratio not measurable';
  if (qC.kind === 'ok' && qK.kind === 'ok' && qC.lo > 0 && qK.lo > 0) {
    const { ratio, lo, hi, bucketFactor } = p95RatioInterval(qK, qC);
    put(metrics, 'p95Ratio', ratio, lo, hi);
    // The smallest P95 increase this run could tell from none: its interval's reach above 1
    // when the cohorts are alike, bucket resolution and sampling together.
    const effect = hi / lo - 1;
    metrics.minDetectableEffectP95 = effect;
    metrics.p95BucketFactor = bucketFactor;
    mde = `P95 ratio known to within ×${(hi / lo).toFixed(3)} (buckets step ×${bucketFactor.toFixed(3)} near P95): an increase below ${(effect * 100).toFixed(1)}% cannot be told from none`;
  }

  isolation(metrics, can.violations, nK, conf);

  if (o.canaryPercent !== undefined) {
    const expected = o.canaryPercent / 100;
    // Of all traffic: canary, baseline and (when it is a cohort of its own) the rest of the control.
    const n = nC + nK + (r.control.distinct ? Math.round(r.control.requests ?? 0) : 0);
    const share = nK / n;
    // Binomial tolerance at 99.9% two-sided, plus the configured slack for uneven users.
    const tolerance = normalZ(0.999) * Math.sqrt((expected * (1 - expected)) / n) + config.limits.cohortShareSlack * expected;
    metrics.cohortShare = share;
    metrics.cohortShareExpected = expected;
    metrics.cohortShareTolerance = tolerance;
    metrics.cohortShareExcess = Math.max(0, Math.abs(share - expected) - tolerance);
  }

  redis(metrics, r, conf);
  legacyHeaders(metrics, r.legacyHeaders, nK, conf);
  return finish(metrics, o.thresholds, insufficient, mde, shares(metrics, r, config));
}

/**
 * The canary/baseline P95 ratio and its interval. The two cohorts are different requests, so
 * their P95 estimates are independent: in log space their errors add in quadrature (each side
 * from its own interval at the full confidence), rather than end to end, which would be a
 * Bonferroni bound far wider than the data warrants. Buckets cannot tell values apart inside
 * one, so the interval never becomes narrower than one bucket step on either side.
 */
export function p95RatioInterval(canary: Extract<BucketQuantile, { kind: 'ok' }>, baseline: Extract<BucketQuantile, { kind: 'ok' }>): { ratio: number; lo: number; hi: number; bucketFactor: number } {
  const ratio = canary.estimate / baseline.estimate;
  const ln = (x: number): number => Math.log(Math.max(x, 1));
  const up = Math.hypot(ln(canary.hi / canary.estimate), ln(baseline.estimate / baseline.lo));
  const down = Math.hypot(ln(canary.estimate / canary.lo), ln(baseline.hi / baseline.estimate));
  const bucketFactor = Math.max(canary.bucketFactor, baseline.bucketFactor);
  const step = Math.log(bucketFactor);
  return { ratio, lo: ratio * Math.exp(-Math.max(down, step)), hi: ratio * Math.exp(Math.max(up, step)), bucketFactor };
}

function isolation(metrics: Record<string, number>, violations: number | undefined, n: number, conf: number): void {
  if (violations === undefined || n <= 0) return;
  const v = Math.round(violations);
  metrics.isolationViolations = v;
  // None seen in n: the rate is below 3/n with 95% confidence (rule of three); else Wilson.
  const upper = v === 0 ? Math.min(1, 3 / n) : wilsonInterval(v, n, conf).hi;
  const lower = v === 0 ? 0 : wilsonInterval(v, n, conf).lo;
  metrics.isolationRateUpperBound95 = upper;
  put(metrics, 'isolationScore', 100 * (1 - v / n), 100 * (1 - upper), 100 * (1 - lower));
}

/** The canary's share of requests still sending a legacy tenant header (rule of three at zero). */
function legacyHeaders(metrics: Record<string, number>, count: number | undefined, n: number, conf: number): void {
  if (count === undefined || n <= 0) return;
  const v = Math.min(n, Math.round(count));
  metrics.legacyHeaderRequests = v;
  const w = wilsonInterval(v, n, conf);
  put(metrics, 'legacyHeaderRate', v / n, v === 0 ? 0 : w.lo, v === 0 ? Math.min(1, 3 / n) : w.hi);
}

function redis(metrics: Record<string, number>, r: ProductionReading, conf: number): void {
  if (r.redis === undefined) return;
  const q = bucketQuantile(r.redis, 0.95, conf);
  const ms = quantileMs(q);
  if (ms !== undefined) put(metrics, 'redisP95Ms', ms.value, ms.lo, ms.hi);
  if (q.kind === 'ok') metrics.redisSamples = Math.round(q.n);
}

/** The canary's counter shares into `metrics`; why each unmeasured one is. */
function shares(metrics: Record<string, number>, r: ProductionReading, config: ProductionConfig): Record<string, string> {
  const judged = judgeCounterShares(r.shares ?? [], config.shares, config.cohorts.canary, config.limits.confidence);
  Object.assign(metrics, judged.metrics);
  return judged.unmeasured;
}

function finish(metrics: Record<string, number>, wanted: readonly ProductionThreshold[], insufficient: string[], mde: string, why: Record<string, string> = {}): ProductionJudgement {
  const thresholds = wanted.map((t): ThresholdResult => {
    const value = metrics[t.metric];
    if (value === undefined) return { ...t, status: 'inconclusive', measured: false, reason: `${t.metric} was not measured${why[t.metric] === undefined ? '' : `: ${why[t.metric]}`}` };
    const lo = metrics[`${t.metric}.lo`] ?? value;
    const hi = metrics[`${t.metric}.hi`] ?? value;
    const status = judgeInterval(lo, hi, t.op, t.value);
    const shown = lo === hi ? `${Number(value.toPrecision(4))}` : `${Number(value.toPrecision(4))} [${Number(lo.toPrecision(4))}, ${Number(hi.toPrecision(4))}]`;
    const said = status === 'pass' ? 'holds' : status === 'fail' ? 'fails' : 'straddles the threshold';
    return { ...t, status, measured: true, reason: `${t.metric} = ${shown}: ${t.op} ${t.value} ${said}` };
  });
  return { status: overallStatus(thresholds), metrics, insufficient, thresholds, mde };
}

/** Any threshold failed: fail; any undecided (or none at all): inconclusive; else pass. */
export function overallStatus(thresholds: readonly Pick<ThresholdResult, 'status'>[]): ThresholdStatus {
  return thresholds.some((t) => t.status === 'fail') ? 'fail'
    : thresholds.length === 0 || thresholds.some((t) => t.status === 'inconclusive') ? 'inconclusive' : 'pass';
}

/** A stage at 100%: the canary's error rate, isolation and Redis latency on their own. */
function judgeAlone(r: ProductionReading, config: ProductionConfig, o: JudgeOptions, metrics: Record<string, number>): ProductionJudgement {
  const can = r.canary;
  const n = Math.round(can.requests ?? 0);
  const e = Math.min(n, Math.round(can.errors ?? 0));
  metrics.errorsCanary = e;
  const rate = wilsonInterval(e, n, config.limits.confidence);
  put(metrics, 'errorRateCanary', rate.estimate, rate.lo, rate.hi);
  const q = can.latency === undefined ? undefined : quantileMs(bucketQuantile(can.latency, 0.95, config.limits.confidence));
  if (q !== undefined) put(metrics, 'p95MsCanary', q.value, q.lo, q.hi);
  isolation(metrics, can.violations, n, config.limits.confidence);
  redis(metrics, r, config.limits.confidence);
  legacyHeaders(metrics, r.legacyHeaders, n, config.limits.confidence);
  return finish(metrics, o.thresholds, [], 'no baseline cohort at 100%: no ratio to state an MDE for', shares(metrics, r, config));
}

/** The config's own thresholds, for a run without a stage. */
export function defaultThresholds(config: ProductionConfig, canaryPercent: number | undefined): ProductionThreshold[] {
  const c = config.criteria;
  return [
    { id: 'p95-increase', metric: 'p95Ratio', op: '<=', value: 1 + c.p95MaxIncrease },
    { id: 'error-rate-differential', metric: 'errorRateDelta', op: '<=', value: c.errorRateIncrease },
    ...(config.metrics.isolationViolations === null ? [] : [{ id: 'isolation-score', metric: 'isolationScore', op: '>=' as const, value: c.minIsolationScore }]),
    ...(config.metrics.redisLatency === null ? [] : [{ id: 'redis-p95', metric: 'redisP95Ms', op: '<' as const, value: c.redisP95Ms }]),
    ...(canaryPercent === undefined ? [] : [{ id: 'cohort-share', metric: 'cohortShareExcess', op: '<=' as const, value: 0 }]),
  ];
}
