import type { Evidence } from '../evidence/index.js';
import { decideLatency, latencyLimitRatio } from '../load/index.js';
import type { Criterion, Op } from './StagePlan.js';
import type { CriterionOutcome, Observation, OutcomeStatus } from './Verdict.js';

function holds(x: number, op: Op, v: number): boolean {
  switch (op) {
    case '<': return x < v;
    case '<=': return x <= v;
    case '>': return x > v;
    case '>=': return x >= v;
    case '==': return x === v;
  }
}

/**
 * An interval passes only when every value in it satisfies the criterion and fails only when
 * no value does; anything else straddles the threshold and cannot be decided.
 */
export function judgeInterval(lo: number, hi: number, op: Op, v: number): OutcomeStatus {
  if (op === '==') {
    if (lo === v && hi === v) return 'pass';
    return v < lo || v > hi ? 'fail' : 'inconclusive';
  }
  const passes = [lo, hi].map((x) => holds(x, op, v));
  if (passes.every(Boolean)) return 'pass';
  if (passes.some(Boolean)) return 'inconclusive';
  return 'fail';
}

export function describeThreshold(c: Pick<Criterion, 'metric' | 'op' | 'value'>): string {
  return `${c.metric} ${c.op} ${c.value}`;
}

const num = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));

export function describeObservation(o: Pick<Observation, 'value' | 'lo' | 'hi'>): string {
  return o.lo !== undefined && o.hi !== undefined ? `${num(o.value)} [${num(o.lo)}, ${num(o.hi)}]` : num(o.value);
}

type RecordJudgement = { status: OutcomeStatus; reason: string; observation?: Observation };

/** What a check said about its own status, in its own words (reason, summary, failures, error). */
export function checkSays(e: Evidence): string | undefined {
  const d = e.details;
  if (typeof d === 'string') return d.slice(0, 300);
  if (typeof d !== 'object' || d === null) return undefined;
  const r = d as Record<string, unknown>;
  for (const key of ['reason', 'summary', 'failures', 'error']) {
    const v = r[key];
    if (typeof v === 'string' && v !== '') return v.slice(0, 300);
    if (Array.isArray(v) && v.length > 0) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ').slice(0, 300);
  }
  return undefined;
}

function statusReason(e: Evidence): string {
  const said = checkSays(e);
  return said === undefined ? '' : `: ${said}`;
}

/**
 * A latency ratio criterion, judged exactly as `isogate load` judges it: the same limit (relative
 * limit or absolute floor over the baseline quantile, whichever is wider) and the same decision
 * on the interval. No interval (the check had too little data to judge) and self-check problems
 * (a saturated driver, a flood that never ran) leave it undecided, as they leave the check.
 */
function judgeLatencyRecord(c: Criterion & { latency: NonNullable<Criterion['latency']> }, e: Evidence, index: number, where: string): RecordJudgement {
  const value = e.metrics[c.metric];
  if (value === undefined || !Number.isFinite(value)) return { status: 'inconclusive', reason: `${where} has no finite value for ${c.metric}` };
  const observation: Observation = { value, evidence: index, target: e.target };
  const lo = e.metrics[`${c.metric}.lo`];
  const hi = e.metrics[`${c.metric}.hi`];
  if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    return { status: 'inconclusive', reason: `${c.metric} = ${describeObservation(observation)} on ${where} without an interval (too little data to judge)`, observation };
  }
  observation.lo = lo;
  observation.hi = hi;
  const n = c.minSamples === undefined ? undefined : e.metrics[c.minSamples.metric];
  if (n !== undefined && Number.isFinite(n)) observation.samples = n;
  const baselineMs = e.metrics[c.latency.baselineMetric];
  if (baselineMs === undefined || !Number.isFinite(baselineMs)) {
    return { status: 'inconclusive', reason: `${where} has no ${c.latency.baselineMetric} to take the ${c.latency.floorMs} ms floor against`, observation };
  }
  const limit = latencyLimitRatio({ maxIncrease: c.value - 1, floorMs: c.latency.floorMs }, baselineMs);
  const shown = `${c.metric} = ${describeObservation(observation)} on ${where}, limit ${num(limit)} (${c.op} ${c.value}, floor ${c.latency.floorMs} ms over ${num(baselineMs)} ms)`;
  const problems = e.metrics.selfCheckProblems;
  if (problems === undefined ? e.status === 'inconclusive' : problems > 0) {
    return { status: 'inconclusive', reason: `${shown}, but the check's self-checks found problems${statusReason(e)}`, observation };
  }
  const decided = decideLatency(lo, hi, limit);
  if (decided === 'fail') return { status: 'fail', reason: `${shown}: the whole interval is beyond the limit`, observation };
  if (decided === 'inconclusive') return { status: 'inconclusive', reason: `${shown}: the interval straddles the limit`, observation };
  if (c.minSamples !== undefined && (n === undefined || !Number.isFinite(n) || n < c.minSamples.value)) {
    return { status: 'inconclusive', reason: `${shown}, but ${c.minSamples.metric} = ${n ?? 'missing'} < ${c.minSamples.value} required`, observation };
  }
  return { status: 'pass', reason: shown, observation };
}

/** One record of the criterion's check, judged alone. */
function judgeRecord(c: Criterion, e: Evidence, index: number): RecordJudgement {
  const where = `${e.check}/${e.target}`;
  if (e.status === 'error') return { status: 'inconclusive', reason: e.target === 'gate' ? statusReason(e).slice(2) || `${e.check}: no evidence` : `${where} errored${statusReason(e)}` };
  if (c.latency !== undefined) return judgeLatencyRecord({ ...c, latency: c.latency }, e, index, where);
  const value = e.metrics[c.metric];
  if (value === undefined || !Number.isFinite(value)) return { status: 'inconclusive', reason: `${where} has no finite value for ${c.metric}` };
  const lo = e.metrics[`${c.metric}.lo`];
  const hi = e.metrics[`${c.metric}.hi`];
  if ((lo === undefined) !== (hi === undefined)) return { status: 'inconclusive', reason: `${where} gives only one end of the interval of ${c.metric}` };
  const observation: Observation = { value, evidence: index, target: e.target };
  if (lo !== undefined && hi !== undefined) {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi || value < lo || value > hi) {
      return { status: 'inconclusive', reason: `${where} gives a malformed interval for ${c.metric} (${lo}..${hi} around ${value})`, observation };
    }
    observation.lo = lo;
    observation.hi = hi;
  }
  const judged = judgeInterval(observation.lo ?? value, observation.hi ?? value, c.op, c.value);
  const shown = `${c.metric} = ${describeObservation(observation)} on ${where}`;
  const n = c.minSamples === undefined ? undefined : e.metrics[c.minSamples.metric];
  if (n !== undefined && Number.isFinite(n)) observation.samples = n;
  // A violation observed is a violation however little was looked at; only passes need enough data.
  // A check that failed says why in its own words (a drill: what to change), which the reason carries.
  // A value known only as an upper bound (a saturated rehearsal's latency) may pass "below", never fail it.
  if (judged === 'fail' && e.metrics[`${c.metric}.upperBound`] === 1 && (c.op === '<' || c.op === '<=')) {
    return { status: 'inconclusive', reason: `${shown}, must be ${c.op} ${c.value}, but ${where} gives it only as an upper bound${statusReason(e)}`, observation };
  }
  if (judged === 'fail') return { status: 'fail', reason: `${shown}, must be ${c.op} ${c.value}${e.status === 'fail' ? statusReason(e) : ''}`, observation };
  if (c.minSamples !== undefined) {
    if (n === undefined || !Number.isFinite(n) || n < c.minSamples.value) {
      return { status: 'inconclusive', reason: `${shown}, but ${c.minSamples.metric} = ${n ?? 'missing'} < ${c.minSamples.value} required`, observation };
    }
  }
  if (e.status === 'inconclusive') return { status: 'inconclusive', reason: `${shown}, but the check itself reported inconclusive${statusReason(e)}`, observation };
  if (judged === 'inconclusive') return { status: 'inconclusive', reason: `${shown}: the interval straddles ${c.op} ${c.value}`, observation };
  return { status: 'pass', reason: `${shown} (${c.op} ${c.value})`, observation };
}

/**
 * A criterion over every record of its check (one per target, or duplicates): any record that
 * fails fails it; it passes only when every record passes; no record at all is missing evidence.
 */
export function evaluateCriterion(c: Criterion, evidence: readonly Evidence[]): CriterionOutcome {
  const indexes = evidence.flatMap((e, i) => (e.check === c.check ? [i] : []));
  if (indexes.length === 0) {
    return { criterion: c, status: 'inconclusive', reason: `no evidence from check ${c.check}`, observations: [], evidence: [] };
  }
  const judged = indexes.map((i) => judgeRecord(c, evidence[i] as Evidence, i));
  const observations = judged.flatMap((j) => (j.observation === undefined ? [] : [j.observation]));
  const pick = (s: OutcomeStatus): RecordJudgement[] => judged.filter((j) => j.status === s);
  const failed = pick('fail');
  const undecided = pick('inconclusive');
  const status: OutcomeStatus = failed.length > 0 ? 'fail' : undecided.length > 0 ? 'inconclusive' : 'pass';
  const reasons = (status === 'fail' ? failed : status === 'inconclusive' ? undecided : judged).map((j) => j.reason);
  const unique = [...new Set(reasons)];
  return { criterion: c, status, reason: unique.join('; '), observations, evidence: indexes };
}
