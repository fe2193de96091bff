import type { DriveResult } from './driveLoad.js';

/** How one round was really run: what the self-checks read, and what the report shows. */
export interface LoadRound {
  round: number;
  /** Arms driven in this round, in order (duet: both at once). */
  arms: Array<'baseline' | 'candidate'>;
  wallMs: number;
  driverCpu: number;
  loopDelayP99Ms: number;
  askedRpsPerArm: number | undefined;
  achievedRpsPerArm: number[];
  socketErrors: number[];
  /** Responses by status code, per arm. */
  statuses: Array<Record<string, number>>;
  /** P50/P95/P99 per arm, ms (from the round's own HDR histogram). */
  percentilesMs: Array<{ p50: number; p95: number; p99: number }>;
  /** A round whose answers were counted for the error criterion and whose latencies were not kept (countOnlyRounds.ts). */
  countOnly?: true;
}

export function describeRound(round: number, arms: LoadRound['arms'], drive: DriveResult): LoadRound {
  return {
    round, arms, wallMs: drive.wallMs, driverCpu: drive.driverCpu, loopDelayP99Ms: drive.loopDelayP99Ms,
    askedRpsPerArm: drive.askedRpsPerArm, achievedRpsPerArm: drive.achievedRpsPerArm, socketErrors: drive.arms.map((a) => a.socketErrors),
    statuses: drive.arms.map((a) => ({ ...a.statuses })),
    percentilesMs: drive.arms.map((a) => ({ p50: a.hdr.getValueAtPercentile(50) / 1000, p95: a.hdr.getValueAtPercentile(95) / 1000, p99: a.hdr.getValueAtPercentile(99) / 1000 })),
  };
}

export interface SelfCheckLimits {
  maxDriverCpu: number;
  minAchievedFraction: number;
  maxSocketErrorRate: number;
  maxLoopDelayMs: number;
}

/**
 * Reasons a round's numbers cannot be trusted: a saturated driver measures itself, not the target.
 * A count-only round keeps no latency, so only socket errors on the baseline (which would count as
 * errors) make its numbers untrustworthy; a rate short of the asked one just counts fewer requests.
 */
export function selfCheckRound(r: LoadRound, limits: SelfCheckLimits): string[] {
  const problems: string[] = [];
  const tag = `round ${r.round}`;
  if (r.countOnly === true) return socketProblems(r, limits, tag);
  if (r.driverCpu > limits.maxDriverCpu) problems.push(`${tag}: load generator saturated (driver CPU ${r.driverCpu.toFixed(2)} cores/s > ${limits.maxDriverCpu})`);
  if (r.loopDelayP99Ms > limits.maxLoopDelayMs) problems.push(`${tag}: driver event loop late (P99 delay ${r.loopDelayP99Ms.toFixed(1)} ms > ${limits.maxLoopDelayMs} ms)`);
  r.achievedRpsPerArm.forEach((rate, i) => {
    if (r.askedRpsPerArm !== undefined && rate < limits.minAchievedFraction * r.askedRpsPerArm) {
      problems.push(`${tag}: ${r.arms[i] ?? `arm ${i}`} achieved ${rate.toFixed(0)} req/s of ${r.askedRpsPerArm.toFixed(0)} asked`);
    }
  });
  return [...problems, ...socketProblems(r, limits, tag)];
}

function socketProblems(r: LoadRound, limits: SelfCheckLimits, tag: string): string[] {
  return r.achievedRpsPerArm.flatMap((rate, i) => {
    const attempts = rate * (r.wallMs / 1000) + (r.socketErrors[i] ?? 0);
    return r.arms[i] === 'baseline' && attempts > 0 && (r.socketErrors[i] ?? 0) / attempts > limits.maxSocketErrorRate
      ? [`${tag}: ${r.socketErrors[i]} socket errors on the baseline: the driver or the machine, not the candidate`] : [];
  });
}
