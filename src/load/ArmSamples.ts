import * as hdr from 'hdr-histogram-js';

/**
 * What one arm (baseline or candidate) of a load run produced: every response's latency in
 * microseconds with the moment it completed, so that statistics can resample by time block.
 * Kept as plain arrays: tens of thousands of numbers, no need for anything cleverer.
 */
export interface ArmSamples {
  /** Latency of each completed response, µs (autocannon's float ms × 1000, not its whole-ms histogram). */
  latencyUs: number[];
  /** Completion time of each response, ms since the run started (rounds are laid end to end). */
  atMs: number[];
  /** Time block of each response; equal ids in both arms mean "measured at the same time" (duet). */
  block: number[];
  /** Responses by HTTP status code. */
  statuses: Record<string, number>;
  /** Requests that got no response: connection errors and timeouts. */
  socketErrors: number;
  timeouts: number;
  /** Every latency again in an HDR histogram (µs, 3 significant digits): the reported percentiles and
   * the encoded distribution in the evidence come from it; the block bootstrap reads the arrays. */
  hdr: hdr.Histogram;
}

export function latencyHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3, autoResize: true, useWebAssembly: false });
}

export function emptyArmSamples(): ArmSamples {
  return { latencyUs: [], atMs: [], block: [], statuses: {}, socketErrors: 0, timeouts: 0, hdr: latencyHistogram() };
}

/** Records one response's latency (float ms, as autocannon reports it) in both forms. */
export function recordLatency(arm: ArmSamples, responseTimeMs: number, atMs: number, blockMs: number): void {
  const us = responseTimeMs * 1000;
  arm.latencyUs.push(us);
  arm.atMs.push(atMs);
  arm.block.push(Math.floor(atMs / blockMs));
  arm.hdr.recordValue(Math.max(1, Math.round(us)));
}

/** Status codes that count as a failed request; 4xx are the client's doing (bad mix, missing key). */
export function isErrorStatus(status: number): boolean {
  return status >= 500 || status === 0;
}

export function countResponses(arm: ArmSamples): number {
  return Object.values(arm.statuses).reduce((a, b) => a + b, 0);
}

/** Failed requests: 5xx responses plus requests that never got one. */
export function countErrors(arm: ArmSamples): number {
  let errors = arm.socketErrors;
  for (const [status, count] of Object.entries(arm.statuses)) if (isErrorStatus(Number(status))) errors += count;
  return errors;
}

/** Attempted requests: responses plus those that got none. */
export function countAttempts(arm: ArmSamples): number {
  return countResponses(arm) + arm.socketErrors;
}

export function mergeArmSamples(into: ArmSamples, from: ArmSamples, offsetMs: number, blockOffset: number): void {
  for (let i = 0; i < from.latencyUs.length; i++) {
    into.latencyUs.push(from.latencyUs[i] as number);
    into.atMs.push((from.atMs[i] as number) + offsetMs);
    into.block.push((from.block[i] as number) + blockOffset);
  }
  for (const [status, count] of Object.entries(from.statuses)) into.statuses[status] = (into.statuses[status] ?? 0) + count;
  into.hdr.add(from.hdr);
  into.socketErrors += from.socketErrors;
  into.timeouts += from.timeouts;
}
