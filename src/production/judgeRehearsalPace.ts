import { overallStatus, type ProductionJudgement } from './judgeProduction.js';

/** Latencies in milliseconds a rehearsal measures on this machine, not relative to another cohort. */
const ABSOLUTE_LATENCIES = ['redisP95Ms', 'p95MsCanary', 'p95MsBaseline'] as const;

/** A rehearsal that sent less than this share of its planned requests could not keep its rate. */
export const KEPT_RATE_SHARE = 0.95;

export interface RehearsalPace {
  sent: number;
  planned: number;
  rps: number;
}

/**
 * A rehearsal whose driver fell behind its rate ran its fleets, its driver, Redis and Prometheus
 * past what this machine could carry: every request queued behind the others, so an absolute
 * latency it read (the canary's P95, the Redis P95) is the machine's as much as the service's.
 * Such a value is still an upper bound of the service's own, so a "below" threshold it meets
 * stands, and one it misses is undecided, never a NO-GO of a service that may be correct. Ratios
 * between cohorts are left as judged: both cohorts queued on the same machine.
 */
export function judgeRehearsalPace(j: ProductionJudgement, pace: RehearsalPace): ProductionJudgement {
  const share = pace.planned > 0 ? pace.sent / pace.planned : 1;
  const metrics: Record<string, number> = { ...j.metrics, rehearsalSentShare: share };
  if (share >= KEPT_RATE_SHARE) return { ...j, metrics };
  for (const m of ABSOLUTE_LATENCIES) if (metrics[m] !== undefined) metrics[`${m}.upperBound`] = 1;
  const why = `the rehearsal sent ${pace.sent} of ${pace.planned} planned requests (${(share * 100).toFixed(0)}%): this machine could not keep ${pace.rps} req/s, so its latencies are the machine's as much as the service's and are known only as upper bounds; lower production.rehearsal.capacityShare (or rps) or rehearse on a quieter machine`;
  const thresholds = j.thresholds.map((t) => (
    t.status === 'fail' && (t.op === '<' || t.op === '<=') && (ABSOLUTE_LATENCIES as readonly string[]).includes(t.metric)
      ? { ...t, status: 'inconclusive' as const, reason: `${t.reason}, but ${why}` }
      : t));
  // A judgement without enough data has no thresholds, and stays inconclusive.
  return { ...j, metrics, thresholds, status: overallStatus(thresholds) };
}
