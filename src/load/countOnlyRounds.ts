import { countAttempts, type ArmSamples } from './ArmSamples.js';
import { driveLoad } from './driveLoad.js';
import { describeRound, selfCheckRound, type LoadRound, type SelfCheckLimits } from './LoadRound.js';
import type { MixRequest } from './RequestMix.js';

/**
 * Error-rate evidence at a rate the measured rounds do not limit. A limit of 0.01 points needs
 * tens of thousands of requests per arm, and the measured rounds run at a low utilisation so that
 * queueing does not distort latencies: reaching that count at their rate took minutes. Counting
 * answers needs no such care, so these rounds drive both arms at once at a higher rate and keep
 * only what each request answered (no latency sample): the latency criteria are judged on exactly
 * the measured rounds, the error criterion on every request either arm was sent.
 */
export interface CountOnlyOptions {
  urls: { baseline: string; candidate: string };
  connectionsPerArm: number;
  rpsPerArm: number;
  roundSeconds: number;
  /** Requests each arm must have been sent, measured rounds included. */
  minRequestsPerArm: number;
  /** At most this many count-only rounds; the error criterion is then INCONCLUSIVE on too few requests. */
  maxRounds: number;
  /** Numbering continues after the measured rounds. */
  firstRound: number;
  mix: readonly MixRequest[];
  blockMs: number;
  seed: number;
  selfCheck: SelfCheckLimits;
  say: (line: string) => void;
}

export interface CountOnlyResult {
  rounds: LoadRound[];
  problems: string[];
}

/** A little over what the shortfall needs at the asked rate: a paced driver gets slightly less than it asks. */
const RATE_MARGIN = 1.05;

/** Adds count-only rounds until both arms hold `minRequestsPerArm` attempts (statuses and socket errors merged into the arms). */
export async function countOnlyRounds(baseline: ArmSamples, candidate: ArmSamples, options: CountOnlyOptions): Promise<CountOnlyResult> {
  const rounds: LoadRound[] = [];
  const problems: string[] = [];
  const short = (): number => options.minRequestsPerArm - Math.min(countAttempts(baseline), countAttempts(candidate));
  while (short() > 0 && rounds.length < options.maxRounds) {
    const seconds = Math.min(options.roundSeconds, Math.max(1, (RATE_MARGIN * short()) / options.rpsPerArm));
    const r = options.firstRound + rounds.length;
    const drive = await driveLoad({ urls: [options.urls.baseline, options.urls.candidate], connectionsPerArm: options.connectionsPerArm,
      rpsPerArm: options.rpsPerArm, seconds, requests: () => options.mix, blockMs: options.blockMs, seed: options.seed + 100 * r });
    const round = { ...describeRound(r, ['baseline', 'candidate'], drive), countOnly: true as const };
    rounds.push(round);
    problems.push(...selfCheckRound(round, options.selfCheck));
    mergeCounts(baseline, drive.arms[0] as ArmSamples);
    mergeCounts(candidate, drive.arms[1] as ArmSamples);
    options.say(`count-only round ${rounds.length}: ${drive.achievedRpsPerArm.map((x) => x.toFixed(0)).join('/')} req/s for ${seconds.toFixed(1)} s (answers counted, no latency kept)`);
  }
  return { rounds, problems };
}

/** What a count-only round adds to an arm: its answers, never its latencies. */
export function mergeCounts(into: ArmSamples, from: ArmSamples): void {
  for (const [status, count] of Object.entries(from.statuses)) into.statuses[status] = (into.statuses[status] ?? 0) + count;
  into.socketErrors += from.socketErrors;
  into.timeouts += from.timeouts;
}
