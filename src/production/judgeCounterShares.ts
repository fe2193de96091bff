import { wilsonInterval } from '../load/index.js';
import { shareMetric, shareQueries, type CounterShare } from './CounterShare.js';
import { seriesOf, type QueryRecord } from './PrometheusClient.js';

/** What Prometheus said about one share of the canary cohort (undefined: no series). */
export interface ShareReading {
  name: string;
  matched?: number;
  total?: number;
  /** Set when the share is not configured. */
  unknown?: true;
}

interface Querier {
  query(purpose: string, promql: string, time: number): Promise<QueryRecord>;
}

function scalarOf(record: QueryRecord): number | undefined {
  const v = seriesOf(record)?.[0]?.value?.[1];
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Asks Prometheus for the numerator and the denominator of each named share, for the canary cohort. */
export async function readCounterShares(client: Querier, shares: Readonly<Record<string, CounterShare>>, names: readonly string[], canary: string, end: number, w: string): Promise<ShareReading[]> {
  const out: ShareReading[] = [];
  for (const name of names) {
    const s = shares[name];
    if (s === undefined) { out.push({ name, unknown: true }); continue; }
    const q = shareQueries(s, canary, w);
    const [matched, total] = await Promise.all([client.query(`share.${name}.matched`, q.matched, end), client.query(`share.${name}.total`, q.total, end)]);
    const m = scalarOf(matched);
    const t = scalarOf(total);
    out.push({ name, ...(m === undefined ? {} : { matched: m }), ...(t === undefined ? {} : { total: t }) });
  }
  return out;
}

/**
 * Each share as `share:<name>` with its Wilson interval, `share:<name>:events` and `:matched`.
 * A share with no series, or fewer events than its `minEvents`, writes no value (so no criterion
 * on it can pass) and says why in `unmeasured`.
 */
export function judgeCounterShares(readings: readonly ShareReading[], shares: Readonly<Record<string, CounterShare>>, canary: string, conf: number): { metrics: Record<string, number>; unmeasured: Record<string, string> } {
  const metrics: Record<string, number> = {};
  const unmeasured: Record<string, string> = {};
  for (const r of readings) {
    const key = shareMetric(r.name);
    const s = shares[r.name];
    if (r.unknown === true || s === undefined) { unmeasured[key] = `no share named ${JSON.stringify(r.name)} in production.shares`; continue; }
    const q = shareQueries(s, canary, 'w');
    if (r.total === undefined) { unmeasured[key] = `no series for ${q.total.replace('[w]', '[window]')} (canary): does the service export the counter, is the cohort label right?`; continue; }
    if (r.matched === undefined) { unmeasured[key] = `no series for ${q.matched.replace('[w]', '[window]')} (canary) while its whole has some: export every label value at 0`; continue; }
    const n = Math.round(r.total);
    const k = Math.min(n, Math.round(r.matched));
    metrics[`${key}:events`] = n;
    metrics[`${key}:matched`] = k;
    if (n < s.minEvents) { unmeasured[key] = `${key}: ${n} events in the window, needs ${s.minEvents} (minEvents)`; continue; }
    const w = wilsonInterval(k, n, conf);
    metrics[key] = k / n;
    metrics[`${key}.lo`] = Math.min(w.lo, k / n);
    metrics[`${key}.hi`] = Math.max(w.hi, k / n);
  }
  return { metrics, unmeasured };
}
