import { measureLoad, type LoadConfig, type Measurement } from '../../src/load/index.js';
import { startReferenceArm } from '../../fixtures/reference-service/index.js';

export interface FreshPairOptions {
  config: LoadConfig;
  redisUrl: string;
  /** Unique per run: each arm gets its own Redis namespace, so no run inherits another's state. */
  runId: string;
  /** ISOGATE_FAULT of the candidate only (e.g. `slow-path=10%`); undefined for A/A. */
  candidateFaults?: string;
  seed: number;
}

/**
 * One bench measurement on two freshly started reference services (both the new build, flag off:
 * an A/A pair unless the candidate has a fault): both processes start together, get the same
 * warm-up (measureLoad drives both at once), are measured, and are stopped. Neither arm has been
 * running longer than the other, so a difference is the fault (or noise), not warmth.
 */
export async function measureFreshPair(options: FreshPairOptions): Promise<Measurement> {
  const arm = (name: string, faults: string): ReturnType<typeof startReferenceArm> =>
    startReferenceArm({ redisUrl: options.redisUrl, namespace: `isogate:bench:${options.runId}:${name}`, faults });
  const started = await Promise.allSettled([arm('base', ''), arm('cand', options.candidateFaults ?? '')]);
  const arms = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const [base, cand] = started;
    if (base?.status !== 'fulfilled') throw base?.reason;
    if (cand?.status !== 'fulfilled') throw cand?.reason;
    return await measureLoad({ config: options.config, baselineUrl: base.value.url, candidateUrl: cand.value.url, seed: options.seed });
  } finally {
    await Promise.all(arms.map((a) => a.stop()));
  }
}

/** `pairs` fresh pairs one after another: one bench run, as `isogate load` with load.pairs measures it. */
export async function measureFreshPairs(options: FreshPairOptions & { pairs: number }): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (let p = 0; p < options.pairs; p++) out.push(await measureFreshPair({ ...options, runId: `${options.runId}p${p}`, seed: options.seed + 10_007 * p }));
  return out;
}
