import { IsogateError } from '../errors/index.js';
import { driveRehearsalTraffic, type TrafficOptions } from './RehearsalTraffic.js';
import { PROBE_SLICE_SECONDS, probeSettled } from './rehearsalRate.js';

export interface CapacityProbe {
  /** Requests per second the fleets answered in each closed-loop slice, in order. */
  slices: number[];
  /** The best slice's rate. */
  probedRps: number;
}

/**
 * Drives the fleets closed-loop with the traffic's own mix and split, slice by slice, until a slice
 * answers `wanted` requests per second or the probe has run all its slices (probeSettled). Each
 * slice has a seed of its own after `seed`, so the traffic's seeded sequence is the one it would
 * be without a probe. Fleets that answer nothing end it at once: a rate taken from no answers
 * would be one request a second for the longest rehearsal.
 */
export async function probeCapacity(mix: Omit<TrafficOptions, 'rps' | 'seconds' | 'seed'>, seed: number, wanted: number): Promise<CapacityProbe> {
  const slices: number[] = [];
  let sent = 0;
  let failed = 0;
  while (!probeSettled(slices, wanted)) {
    const slice = await driveRehearsalTraffic({ ...mix, rps: 'closed-loop', seconds: PROBE_SLICE_SECONDS, seed: seed + 1 + slices.length });
    const n = Object.values(slice.sent).reduce((a, b) => a + b, 0);
    sent += n;
    failed += slice.transportErrors;
    slices.push((n - slice.transportErrors) / Math.max(slice.spanSeconds, 0.001));
    if (sent === failed) {
      const urls = mix.fleets.flatMap((f) => f.urls);
      throw new IsogateError('ISOGATE_SERVICE_START_FAILED', `expected the rehearsal's fleets to answer HTTP requests once up, found that all ${sent} requests of the capacity probe got no answer (connection refused, reset or timed out)`, {
        hint: `check that production.rehearsal.control and .canary start a service that keeps serving on the port it was given: ${urls.join(', ')}`,
      });
    }
  }
  return { slices, probedRps: Math.max(...slices) };
}
