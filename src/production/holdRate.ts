import { KEPT_RATE_SHARE } from './judgeRehearsalPace.js';
import { driveRehearsalTraffic, type TrafficOptions, type TrafficTotals } from './RehearsalTraffic.js';
import { PROBE_MAX_SLICES, type RehearsalRate } from './rehearsalRate.js';

/** Seconds of one paced hold. */
export const HOLD_SECONDS = 2;
/** A rate at most this share of the probe's best is asked for without a hold: the probe saw room above it. */
export const HOLD_ROOM = 0.9;
/** A rate the fleets did not keep is lowered by this factor, and held again. */
export const HOLD_BACKOFF = 0.8;
/** A rate below the configured one that the fleets kept is raised by this factor, and held again. */
export const HOLD_RAISE = 1.15;
/** Holds at most. */
export const MAX_HOLDS = 5;

/** One paced hold: the rate asked for, and the share of its requests answered before the hold's end. */
export interface Hold {
  rps: number;
  answeredShare: number;
}

const percent = (x: number): string => `${Math.floor(x * 100)}%`;

/** The holds as the log and the reason give them. */
export function describeHolds(holds: readonly Hold[]): string {
  return holds.map((h) => `${h.rps} req/s held ${HOLD_SECONDS} s, ${percent(h.answeredShare)} answered in time`).join('; ');
}

/**
 * The probe reads the most the fleets answered in one closed-loop second, which can be wrong both
 * ways. Over: a best slice that was a burst, or a service whose cost grows as it runs (a corpus each
 * request scans): real vector retrieval's fleets answered 1,361 req/s in the probe's best slice,
 * then 1,025 req/s on average over the minute of traffic that asked for 1,361, a saturated
 * rehearsal. Under: fleets still warming when the probe's six slices end (tenant-scoped-state's
 * gradual-25: 781 to 1,157 req/s), whose rate then stretches a need fixed in requests (an error
 * budget's 46,000 a cohort) to over two and a half minutes.
 *
 * So a rate with no room under the probe's best (above HOLD_ROOM of it) is asked for, paced, for
 * HOLD_SECONDS: a hold. Less than KEPT_RATE_SHARE of its requests answered before its end is a
 * queue growing: the rate is lowered by HOLD_BACKOFF and held again. A kept rate below the
 * configured one is raised by HOLD_RAISE (never past the configured rate) and held again, until a
 * hold is not kept (the last kept rate stands) or MAX_HOLDS have run. A kept rate is what the
 * fleets answered paced, not a closed-loop maximum, so it is asked for as it is. A lowered rate
 * that is kept is final; one lowered after the last hold is asked for untested.
 */
export async function holdRate(
  mix: Omit<TrafficOptions, 'rps' | 'seconds' | 'seed'>, seed: number, rate: RehearsalRate, configured: number,
  drive: (o: TrafficOptions) => Promise<Pick<TrafficTotals, 'planned' | 'answeredInTime'>> = driveRehearsalTraffic,
): Promise<RehearsalRate> {
  if (rate.probedRps === undefined || rate.rps <= HOLD_ROOM * rate.probedRps) return rate;
  const holds: Hold[] = [];
  let rps = rate.rps;
  let kept: number | undefined;
  let lowered = false;
  while (holds.length < MAX_HOLDS) {
    // Seeds after the probe's: the traffic's own sequence stays the one it would be without them.
    const t = await drive({ ...mix, rps, seconds: HOLD_SECONDS, seed: seed + 1 + PROBE_MAX_SLICES + holds.length });
    const answeredShare = t.planned > 0 ? t.answeredInTime / t.planned : 0;
    holds.push({ rps, answeredShare });
    if (answeredShare >= KEPT_RATE_SHARE) {
      kept = rps;
      if (lowered || rps >= configured) break;
      rps = Math.min(configured, Math.floor(rps * HOLD_RAISE));
    } else {
      if (kept !== undefined) break;
      lowered = true;
      rps = Math.max(1, Math.floor(rps * HOLD_BACKOFF));
    }
  }
  const held = describeHolds(holds);
  const rule = `less than ${percent(KEPT_RATE_SHARE)} answered in time is a queue growing`;
  if (kept === undefined) {
    return { ...rate, rps, holds, reason: `${rps} req/s: the fleets kept none of the rates held (${held}; ${rule}), so ${percent(HOLD_BACKOFF)} of the last, not held; the probe alone gave ${rate.reason}` };
  }
  if (kept === rate.rps) return { ...rate, holds, reason: `${rate.reason}; ${held}` };
  const how = kept > rate.rps ? `the fleets kept more than the probe saw, paced` : `the fleets did not keep ${rate.rps} req/s`;
  return { ...rate, rps: kept, holds, reason: `${kept} req/s: ${how} (${held}; ${rule}); the probe alone gave ${rate.reason}` };
}
