import type { Hold } from './holdRate.js';

/** The capacity probe drives the fleets closed-loop in slices of this many seconds, each giving one rate. */
export const PROBE_SLICE_SECONDS = 1;
/**
 * Slices at most: the rate a just-started fleet answers climbs for several seconds, and every slice
 * is a second longer for the stage. In two starts of the demo's fleets the best of the first six
 * slices was all and 87 % of the best they reached (2,464 of 2,464 in eight; 2,031 of 2,342 in seven).
 */
export const PROBE_MAX_SLICES = 6;

/**
 * Whether the probe has seen enough, given each slice's rate (requests answered per second): room
 * for the rate wanted, or all its slices. Just-started fleets answer slowly while their code warms
 * up, and the climb has steps: the reference service's four instances answered 926, 1,371, 1,480,
 * 2,116, 2,464, 2,227, 2,430 and 2,392 req/s in their first eight one-second slices, and another
 * start 1,719 then 1,721 before climbing on, so a pause in the climb is not its end.
 */
export function probeSettled(slices: readonly number[], wanted: number): boolean {
  return slices.length >= PROBE_MAX_SLICES || Math.max(0, ...slices) >= wanted;
}

export interface RehearsalRate {
  /** Requests per second the rehearsal asks for. */
  rps: number;
  /** Requests per second the fleets answered in the closed-loop probe, when one ran. */
  probedRps?: number;
  /** Paced holds that tested the rate, when the probe saw no room above it (holdRate). */
  holds?: Hold[];
  /** Why this rate, for the log and the evidence. */
  reason: string;
}

/**
 * The rate a rehearsal asks for: the configured one, unless it is more than `capacityShare` of
 * what the fleets answered when driven as fast as they could. A rate near a machine's capacity
 * queues every request behind the others, so the latencies read are the machine's, and a driver
 * that cannot keep its rate sends fewer requests than the thresholds were sized for (a saturated
 * rehearsal, whose absolute latencies are only upper bounds). A lower rate it can keep, for
 * longer, measures the service instead.
 */
export function rehearsalRate(o: { configured: number; capacityShare: number; probedRps?: number }): RehearsalRate {
  if (o.probedRps === undefined) return { rps: o.configured, reason: `the configured ${o.configured} req/s (no probe)` };
  const probed = Math.round(o.probedRps);
  const kept = Math.max(1, Math.floor(o.probedRps * o.capacityShare));
  if (kept >= o.configured) {
    return { rps: o.configured, probedRps: probed, reason: `the configured ${o.configured} req/s: the fleets answered ${probed} req/s in a closed-loop probe, and ${Math.round(o.capacityShare * 100)}% of that is no less` };
  }
  return {
    rps: kept, probedRps: probed,
    reason: `${kept} req/s, ${Math.round(o.capacityShare * 100)}% of the ${probed} req/s the fleets answered in a closed-loop probe, less than the configured ${o.configured} req/s`,
  };
}
