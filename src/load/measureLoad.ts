import { cpus, loadavg } from 'node:os';
import { emptyArmSamples, mergeArmSamples, type ArmSamples } from './ArmSamples.js';
import { driveLoad } from './driveLoad.js';
import { IsogateError } from '../errors/index.js';
import type { LoadConfig } from './LoadConfig.js';
import { describeRound, selfCheckRound, type LoadRound } from './LoadRound.js';
import { buildRequestMix, warmupWrites, type MixRequest } from './RequestMix.js';
import { countOnlyRounds } from './countOnlyRounds.js';

export interface Placement {
  mode: LoadConfig['mode'];
  cores: number;
  cpuModel: string;
  loadAverage1m: number;
  connectionsPerArm: number;
  /** Per arm; what the probe found (closed loop) and what was asked of the rounds. */
  probeRpsPerArm: number | undefined;
  askedRpsPerArm: number;
  achievedRpsPerArm: { baseline: number; candidate: number };
  blockMs: number;
  /** Measured rounds (latencies kept). */
  rounds: number;
  roundSeconds: number;
  /** Count-only rounds added for an error limit's need, and their rate per arm (countOnlyRounds.ts). */
  countOnlyRounds: number;
  countRpsPerArm: number | undefined;
  driver: string;
}

export interface Measurement {
  baseline: ArmSamples;
  candidate: ArmSamples;
  rounds: LoadRound[];
  placement: Placement;
  problems: string[];
  /** Candidate requests the new code path served during the measured rounds, when the candidate can say. */
  newPathRequests?: number;
}

export interface MeasureOptions {
  config: LoadConfig;
  baselineUrl: string;
  candidateUrl: string;
  seed: number;
  progress?: (line: string) => void;
  /** Per tenant of config.tenants: how often each sends (default uniform). */
  weights?: readonly number[];
  /** The candidate's own count of requests served by the new path (a running total). */
  newPathRequests?: () => Promise<number>;
  /**
   * Requests each arm must get in this measurement (an error limit's need). What the measured rounds
   * leave short is made up by count-only rounds (countOnlyRounds.ts).
   */
  minRequestsPerArm?: number;
}

/**
 * However tight a limit, count-only rounds stop after this many round lengths per pair; the error
 * criterion is then INCONCLUSIVE on too few requests.
 */
const MAX_COUNT_ROUNDS = 30;

const BLOCKS_PER_ROUND = 1_000_000;

/** A baseline answering mostly 4xx is not being exercised: wrong credentials or paths in the mix. */
function clientErrorProblems(arm: ArmSamples, name: string): string[] {
  const total = Object.values(arm.statuses).reduce((a, b) => a + b, 0);
  const clientErrors = Object.entries(arm.statuses).filter(([s]) => Number(s) >= 400 && Number(s) < 500).reduce((a, [, n]) => a + n, 0);
  if (total === 0 || clientErrors / total <= 0.05) return [];
  return [`the ${name} answered 4xx to ${((100 * clientErrors) / total).toFixed(1)}% of requests (${JSON.stringify(arm.statuses)}): check load.tenants credentials and load.mix paths`];
}

async function probeCapacity(urls: string[], config: LoadConfig, mix: readonly MixRequest[], seed: number): Promise<number> {
  const probe = await driveLoad({ urls, connectionsPerArm: config.pacing.connectionsPerArm, rpsPerArm: undefined,
    seconds: config.probeSeconds, requests: () => mix, blockMs: config.stats.blockMs, seed });
  return Math.min(...probe.achievedRpsPerArm);
}

/**
 * Every key the mix reads is written once on each arm before anything is timed, whatever the
 * service's speed (a timed warm-up alone may not get through them on a slow service, and the
 * reads would then measure 404s). 32 requests in flight per arm: a cohort stage's drawn tenants
 * make thousands of keys, and each write mostly waits downstream, so eight at a time took seconds
 * per pair (nothing is timed yet; the warm-up and the rounds are unchanged).
 */
async function seedKeys(urls: readonly string[], writes: readonly MixRequest[]): Promise<void> {
  await Promise.all(urls.map(async (url) => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < writes.length) {
        const w = writes[next++] as MixRequest;
        const res = await fetch(url + w.path, { method: w.method, headers: w.headers, ...(w.body === undefined ? {} : { body: w.body }) }).catch(() => undefined);
        await res?.arrayBuffer().catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  }));
}

/** Warm-up, probe, then the measured rounds (duet: both arms at once; abba: one arm at a time, order alternating). */
export async function measureLoad(options: MeasureOptions): Promise<Measurement> {
  const { config, seed } = options;
  const say = options.progress ?? (() => undefined);
  const urls = [options.baselineUrl, options.candidateUrl];
  const mix = buildRequestMix(config.mix, config.tenants, seed, 512, options.weights);
  const writes = warmupWrites(config.mix, config.tenants);
  await seedKeys(urls, writes);
  if (config.warmupSeconds > 0) {
    say(`warm-up ${config.warmupSeconds}s`);
    await driveLoad({ urls, connectionsPerArm: 1, rpsPerArm: undefined, seconds: config.warmupSeconds, requests: () => mix, blockMs: 1000, seed });
  }
  let probeRps: number | undefined;
  let asked: number;
  if (config.pacing.rps === 'auto') {
    if (config.probeSeconds <= 0) {
      throw new IsogateError('ISOGATE_CONFIG_INVALID', 'expected load.probeSeconds > 0 with load.pacing.rps "auto", found 0', { hint: 'set a probe time or a fixed load.pacing.rps' });
    }
    probeRps = await probeCapacity(urls, config, mix, seed + 1);
    asked = Math.min(config.pacing.maxRps, config.pacing.utilisation * probeRps);
    say(`probe: ${probeRps.toFixed(0)} req/s per arm closed-loop; asking ${asked.toFixed(0)} req/s per arm`);
  } else {
    asked = config.pacing.rps;
  }
  const roundCount = config.rounds;
  const baseline = emptyArmSamples();
  const candidate = emptyArmSamples();
  const rounds: LoadRound[] = [];
  const problems: string[] = [];
  const common = { connectionsPerArm: config.pacing.connectionsPerArm, rpsPerArm: asked, requests: () => mix, blockMs: config.stats.blockMs };
  let offsetMs = 0;
  const counted = options.newPathRequests;
  const newPathBefore = counted === undefined ? undefined : await counted();
  for (let r = 0; r < roundCount; r++) {
    const slots: Array<Array<'baseline' | 'candidate'>> = config.mode === 'duet'
      ? [['baseline', 'candidate']]
      : r % 2 === 0 ? [['baseline'], ['candidate']] : [['candidate'], ['baseline']];
    for (const [s, arms] of slots.entries()) {
      const drive = await driveLoad({ ...common, urls: arms.map((a) => (a === 'baseline' ? options.baselineUrl : options.candidateUrl)),
        seconds: config.mode === 'duet' ? config.roundSeconds : config.roundSeconds / 2, seed: seed + 100 * r + s + 2 });
      const round = describeRound(r, arms, drive);
      rounds.push(round);
      problems.push(...selfCheckRound(round, config.selfCheck));
      const blockOffset = (r * 2 + s) * BLOCKS_PER_ROUND;
      arms.forEach((arm, i) => mergeArmSamples(arm === 'baseline' ? baseline : candidate, drive.arms[i] as ArmSamples, offsetMs, blockOffset));
      offsetMs += drive.wallMs;
      say(`round ${r + 1}/${roundCount} ${arms.join('+')}: ${drive.achievedRpsPerArm.map((x) => x.toFixed(0)).join('/')} req/s, driver CPU ${drive.driverCpu.toFixed(2)}`);
    }
  }
  const newPathRequests = counted === undefined || newPathBefore === undefined ? undefined : (await counted()) - newPathBefore;
  const countRps = probeRps === undefined ? asked : Math.max(asked, Math.min(config.pacing.maxRps, config.pacing.countUtilisation * probeRps));
  const counts = options.minRequestsPerArm === undefined ? { rounds: [], problems: [] } : await countOnlyRounds(baseline, candidate, {
    urls: { baseline: options.baselineUrl, candidate: options.candidateUrl }, connectionsPerArm: config.pacing.connectionsPerArm,
    rpsPerArm: countRps, roundSeconds: config.roundSeconds, minRequestsPerArm: options.minRequestsPerArm, maxRounds: MAX_COUNT_ROUNDS,
    firstRound: rounds.length, mix, blockMs: config.stats.blockMs, seed, selfCheck: config.selfCheck, say,
  });
  problems.push(...counts.problems);
  problems.push(...clientErrorProblems(baseline, 'baseline'));
  const seconds = (arm: 'baseline' | 'candidate'): number => rounds.filter((r) => r.arms.includes(arm) && r.countOnly !== true).reduce((a, r) => a + r.wallMs / 1000, 0);
  const placement: Placement = {
    mode: config.mode, cores: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverage1m: loadavg()[0] ?? 0,
    connectionsPerArm: config.pacing.connectionsPerArm, probeRpsPerArm: probeRps, askedRpsPerArm: asked,
    achievedRpsPerArm: { baseline: baseline.latencyUs.length / seconds('baseline'), candidate: candidate.latencyUs.length / seconds('candidate') },
    blockMs: config.stats.blockMs, rounds: roundCount, roundSeconds: config.roundSeconds,
    countOnlyRounds: counts.rounds.length, countRpsPerArm: counts.rounds.length === 0 ? undefined : countRps,
    driver: 'autocannon 9 programmatic API, requests paced by isogate, per-response latency in µs',
  };
  return { baseline, candidate, rounds: [...rounds, ...counts.rounds], placement, problems, ...(newPathRequests === undefined ? {} : { newPathRequests }) };
}
