import { normalZ } from './bucketQuantile.js';
import type { ProductionThreshold } from './judgeProduction.js';

/**
 * Requests per judged cohort (canary and baseline) a P95 ratio read from ×1.04 buckets is given.
 * Five 50 % rehearsals of about 40,400 requests a cohort (staged three times, early adopters
 * twice, on one quiet machine) thinned binomially to 20,200 (300 draws each): the median upper
 * reach of the ratio's interval moved by 0 to 0.7 points (1.022–1.040 became 1.029–1.040), its
 * 90th percentile was at most 1.054 and its largest draw 1.060, against a limit of 1.1. At 12,100
 * one median jumped a bucket (1.022 to 1.051). The interval is mostly the buckets' own width
 * (×1.04 on each side), which more requests cannot narrow; 20,000 keeps a correct service's margin
 * and halves the traffic a 50 % stage waits for.
 */
export const P95_RATIO_REQUESTS_PER_COHORT = 20_000;

/**
 * Canary requests an absolute P95 (the canary's Redis round trips, or its P95 in ms) is given: its
 * limit is a fixed number of milliseconds, so its margin is the service's own and unknown, and no
 * thinning of a ratio speaks for fewer. At 100 % that is 27 s of traffic at 1,500 req/s.
 */
export const P95_REQUESTS_PER_COHORT = 40_000;

/**
 * Traffic before the window opens (the rehearsal judges the span less its first seconds): a series
 * exists only from a cohort's first request and the scrape after it, and the first scrape of a
 * just-started Prometheus can come late.
 */
export const WINDOW_LEAD_SECONDS = 5;

/**
 * The lead after a capacity probe: the probe's traffic has created every series and Prometheus has
 * scraped them, and its last requests were answered before the traffic starts, so the window need
 * only clear one scrape (1 s) of the change from closed-loop to paced traffic.
 */
export const PROBED_LEAD_SECONDS = 2;

/** Traffic at least, whatever the thresholds: a window of a few scrapes says little about coverage. */
export const MIN_REHEARSAL_SECONDS = 20;

/** Margin over the bare count at which a correct service's interval just touches a threshold. */
const MARGIN = 1.2;

/**
 * Requests of each cohort a threshold needs before a correct service can pass it; undefined when
 * this function cannot say (counter shares, legacy headers: the configured duration is kept).
 * - an error rate or differential below d, with no error seen: the Wilson (and so the Newcombe)
 *   upper bound z²/(n+z²) must fall below d;
 * - an isolation score of at least s %, with no violation seen: the rule of three, 3/n ≤ 1 − s/100;
 * - a P95 ratio: P95_RATIO_REQUESTS_PER_COHORT in the canary and in the baseline;
 * - an absolute P95 (the canary's Redis round trips, its P95 in ms): P95_REQUESTS_PER_COHORT in the
 *   canary, whose quantile it is; the baseline is not judged;
 * - the cohort share and a count of violations: the configured minimum of requests;
 * - counter shares and legacy headers: unknown (their events are a route's or a client's share of
 *   the traffic, which the rehearsal's mix sets, not the thresholds).
 */
export function requestsFor(t: ProductionThreshold, confidence: number, minRequests: number): { canary: number; baseline: number } | undefined {
  const z2 = normalZ(confidence) ** 2;
  const both = (n: number, baseline = minRequests): { canary: number; baseline: number } => ({ canary: Math.max(minRequests, Math.ceil(n)), baseline: Math.max(minRequests, Math.ceil(baseline)) });
  switch (t.metric) {
    case 'errorRateDelta':
    case 'errorRateCanary':
      return t.value > 0 ? both((MARGIN * z2 * (1 - t.value)) / t.value) : undefined;
    case 'isolationScore':
      return t.value < 100 ? both((MARGIN * 300) / (100 - t.value)) : undefined;
    case 'p95Ratio':
      return both(P95_RATIO_REQUESTS_PER_COHORT, P95_RATIO_REQUESTS_PER_COHORT);
    // The window already leaves out the fleets' first seconds (WINDOW_LEAD_SECONDS), so a shorter
    // window reads the same quantile: at 100 % the canary's Redis P95 was 3.10 and 4.20 ms over
    // 29-s windows, 4.16 ms over 85 s, on the same quiet machine.
    case 'redisP95Ms':
    case 'p95MsCanary':
      return both(P95_REQUESTS_PER_COHORT);
    case 'isolationViolations':
    case 'cohortShareExcess':
      return both(minRequests);
    default:
      return undefined;
  }
}

export interface RehearsalDuration {
  seconds: number;
  /** Why this long, for the log and the evidence. */
  reason: string;
}

/** However tight a limit, the traffic stops here; its criterion is then INCONCLUSIVE on too few requests. */
export const MAX_REHEARSAL_SECONDS = 600;

/** Needs that follow from a limit's arithmetic (an error bound, the rule of three), not from a measured margin. */
const ARITHMETIC = new Set(['errorRateDelta', 'errorRateCanary', 'isolationScore']);

/**
 * How long a rehearsal's traffic runs: long enough that the canary and the baseline hold what the
 * stage's thresholds need at the configured rate and split. The configured duration (`maxSeconds`)
 * bounds the needs measured on the reference service (a P95 ratio's margin) and is kept whenever
 * a threshold's need is unknown; a need that follows from a limit's arithmetic goes past it (up to
 * MAX_REHEARSAL_SECONDS), since below it no outcome could pass: a 0.01-point error budget at a
 * 25 % canary needs about two minutes of traffic. A stage at 50 % judging a P95 ratio then takes
 * about a minute; a 10 % canary still runs the whole configured duration.
 */
export function rehearsalSeconds(o: {
  thresholds: readonly ProductionThreshold[]; confidence: number; minRequests: number; rps: number; maxSeconds: number;
  shares: { canary: number; baseline: number };
  /** Seconds of traffic before the window (default WINDOW_LEAD_SECONDS). */
  leadSeconds?: number;
}): RehearsalDuration {
  const lead = o.leadSeconds ?? WINDOW_LEAD_SECONDS;
  const needs = o.thresholds.map((t) => ({ t, n: requestsFor(t, o.confidence, o.minRequests) }));
  const unknown = needs.filter((x) => x.n === undefined).map((x) => x.t.metric);
  const longest = (hard: boolean): { seconds: number; driver: string } => {
    let seconds = 0;
    let driver = '';
    for (const { t, n } of needs) {
      if (n === undefined || ARITHMETIC.has(t.metric) !== hard) continue;
      // At 100 % there is no baseline: the canary alone is judged.
      const rates = [[n.canary, o.shares.canary, 'canary'], [o.shares.baseline > 0 ? n.baseline : 0, o.shares.baseline, 'baseline']] as const;
      for (const [need, share, cohort] of rates) {
        if (need === 0 || share <= 0) continue;
        const s = need / ((o.rps * share) / 100);
        if (s > seconds) { seconds = s; driver = `${t.metric} ${t.op} ${t.value} needs ${need} ${cohort} requests at ${((o.rps * share) / 100).toFixed(0)} req/s`; }
      }
    }
    return { seconds: Math.ceil(lead + seconds), driver };
  };
  const hard = longest(true);
  const soft = longest(false);
  const wanted = Math.max(hard.seconds, soft.seconds);
  const driver = hard.seconds >= soft.seconds ? hard.driver : soft.driver;
  if (unknown.length > 0 || needs.length === 0) {
    const why = `the configured ${o.maxSeconds} s (${needs.length === 0 ? 'no threshold' : `no request count known for ${[...new Set(unknown)].join(', ')}`})`;
    if (hard.seconds <= o.maxSeconds) return { seconds: o.maxSeconds, reason: why };
    const seconds = Math.min(MAX_REHEARSAL_SECONDS, hard.seconds);
    return { seconds, reason: `${hard.seconds} s: ${hard.driver}, after ${lead} s of lead, more than ${why}${seconds < hard.seconds ? `, capped at ${MAX_REHEARSAL_SECONDS} s` : ''}` };
  }
  const measured = Math.min(o.maxSeconds, Math.max(MIN_REHEARSAL_SECONDS, soft.seconds));
  const chosen = Math.min(MAX_REHEARSAL_SECONDS, Math.max(measured, hard.seconds));
  const bound = chosen === MAX_REHEARSAL_SECONDS && wanted > MAX_REHEARSAL_SECONDS ? `, capped at ${MAX_REHEARSAL_SECONDS} s`
    : chosen === o.maxSeconds && wanted > o.maxSeconds ? `, capped at the configured ${o.maxSeconds} s`
      : chosen === MIN_REHEARSAL_SECONDS ? `, raised to the ${MIN_REHEARSAL_SECONDS} s minimum` : '';
  return { seconds: chosen, reason: `${wanted} s: ${driver}, after ${lead} s of lead${bound}` };
}
