import type { Evidence } from '../evidence/index.js';
import { emptyArmSamples, mergeArmSamples, type ArmSamples } from './ArmSamples.js';
import { blockBootstrapRatios } from './blockBootstrap.js';
import { driveLoad } from './driveLoad.js';
import type { LoadConfig } from './LoadConfig.js';
import { judgeLatency } from './LoadCriterion.js';
import { MetricSheet } from './loadEvidence.js';
import { quantileSorted, sortedCopy } from './quantile.js';
import { buildRequestMix, tenantHeaders, type MixRequest } from './RequestMix.js';
import { startFloodProcess } from './FloodProcess.js';

export interface NoisyNeighbourOptions {
  url: string;
  target: string;
  config: LoadConfig;
  seed: number;
  progress?: (line: string) => void;
  /** Where the flood is aimed (default: the same service); tests aim it at a dead port. */
  floodUrl?: string;
}

const SLOT_SECONDS = 2;
/** Answers may slow this many times under a flood and the measured tenant still gets its rate. */
const LATENCY_HEADROOM = 3;
const MAX_QUIET_CONNECTIONS = 64;

/**
 * Connections for the measured tenant. Each connection waits for its answer before the next
 * request, so one connection of 20 ms answers gives at most ~50 req/s: too few for the samples a
 * stage needs. A short closed-loop probe measures the answer time and sizes the pool for the rate.
 */
async function quietConnections(url: string, mix: readonly MixRequest[], config: LoadConfig, seed: number): Promise<{ connections: number; probeP95Ms: number }> {
  const nn = config.noisyNeighbour;
  if (nn.quietConnections !== undefined) return { connections: nn.quietConnections, probeP95Ms: Number.NaN };
  const probe = await driveLoad({ urls: [url], connectionsPerArm: 1, rpsPerArm: undefined, seconds: 1, requests: () => mix, blockMs: config.stats.blockMs, seed });
  const latencies = probe.arms[0]?.latencyUs ?? [];
  if (latencies.length === 0) return { connections: MAX_QUIET_CONNECTIONS, probeP95Ms: Number.NaN };
  const p95Ms = quantileSorted(sortedCopy(latencies), 0.95) / 1000;
  const connections = Math.ceil((nn.quietRps * p95Ms * LATENCY_HEADROOM) / 1000);
  return { connections: Math.min(MAX_QUIET_CONNECTIONS, Math.max(1, connections)), probeP95Ms: p95Ms };
}

/**
 * Request isolation's "no user blocking others": the first tenant's paced latency while the
 * second tenant floods, against its latency in quiet slots, alternating quiet/noisy slots so
 * that drift on the machine hits both. Needs at least two tenants.
 */
export async function measureNoisyNeighbour(options: NoisyNeighbourOptions): Promise<Evidence> {
  const { config } = options;
  const startedAt = new Date();
  const [quietTenant, noisyTenant] = config.tenants;
  const nn = config.noisyNeighbour;
  const frame = { check: 'noisy-neighbour', target: options.target, seed: options.seed, startedAt: startedAt.toISOString(), artifacts: [] as string[] };
  if (quietTenant === undefined || noisyTenant === undefined) {
    return { ...frame, status: 'inconclusive', metrics: {}, durationMs: 0, details: { reason: 'needs two tenants in load.tenants' } };
  }
  const mix = buildRequestMix({ ...config.mix, readRatio: 1 }, [quietTenant], options.seed);
  const quiet = emptyArmSamples();
  const noisy = emptyArmSamples();
  const slots = Math.max(2, 2 * Math.round(nn.seconds / (2 * SLOT_SECONDS)));
  // One flood process for every noisy slot, started before anything is timed: a process started
  // per slot cost each noisy slot about two seconds more than its quiet neighbour.
  await using flooder = await startFloodProcess();
  const sized = await quietConnections(options.url, mix, config, options.seed);
  const floodRates: number[] = [];
  const failedFloods: number[] = [];
  for (let s = 0; s < slots; s++) {
    const isNoisy = s % 2 === 1;
    const flood = isNoisy
      ? await flooder.flood({ url: `${options.floodUrl ?? options.url}${mix[0]?.path ?? '/'}`, headers: tenantHeaders(noisyTenant), connections: nn.floodConnections,
        seconds: SLOT_SECONDS, ...(nn.floodRps === undefined ? {} : { rps: nn.floodRps }) })
      : undefined;
    const drive = await driveLoad({ urls: [options.url], connectionsPerArm: sized.connections, rpsPerArm: nn.quietRps, seconds: SLOT_SECONDS,
      requests: () => mix, blockMs: config.stats.blockMs, seed: options.seed + s });
    let floodRan = true;
    if (flood !== undefined) {
      // Let the flood finish its own bounded run (it prints its rate only then); kill it if it overruns.
      const timer = setTimeout(() => flood.stop(), 5000);
      const rate = await flood.done;
      clearTimeout(timer);
      floodRates.push(rate);
      // A flood that sent nothing is a quiet slot in disguise: never counted as noisy.
      floodRan = Number.isFinite(rate) && rate > 0;
      if (!floodRan) failedFloods.push(s + 1);
    }
    if (floodRan) mergeArmSamples(isNoisy ? noisy : quiet, drive.arms[0] as ArmSamples, s * SLOT_SECONDS * 1000, s * 1_000_000);
    options.progress?.(`noisy-neighbour slot ${s + 1}/${slots} (${isNoisy ? (floodRan ? 'flood' : 'flood FAILED, discarded') : 'quiet'}): ${drive.arms[0]?.latencyUs.length ?? 0} responses`);
  }
  const [p50, p95] = blockBootstrapRatios(quiet, noisy, { qs: [0.5, 0.95], resamples: config.stats.resamples, confidence: config.stats.confidence, seed: options.seed, paired: false });
  const rule = { minSamples: Math.min(config.stats.minSamples, 100), minTail: config.stats.minTail, minBlocks: Math.min(config.stats.minBlocks, 8), confidence: config.stats.confidence };
  const verdict = judgeLatency('noisy/quiet P95', p95 as NonNullable<typeof p95>, nn.limit, { baseline: quiet.latencyUs.length, candidate: noisy.latencyUs.length }, rule);
  const ran = floodRates.filter((r) => Number.isFinite(r) && r > 0);
  const floodRps = ran.length === 0 ? Number.NaN : ran.reduce((a, b) => a + b, 0) / ran.length;
  const outcome = failedFloods.length === 0 ? verdict.outcome
    : { status: 'inconclusive' as const, reason: `the flood did not run in slot(s) ${failedFloods.join(', ')} (no responses reported): no evidence of a noisy neighbour there; ${verdict.outcome.reason}` };
  const sheet = new MetricSheet<'noisy-neighbour'>()
    .set('quietP95Ms', verdict.ratio.baselineUs / 1000).set('noisyP95Ms', quantileSorted(sortedCopy(noisy.latencyUs), 0.95) / 1000)
    .set('quietP50Ms', (p50?.baselineUs ?? Number.NaN) / 1000).set('noisyP50Ms', (p50?.candidateUs ?? Number.NaN) / 1000)
    .latency('p95Ratio', verdict)
    .set('samples', Math.min(quiet.latencyUs.length, noisy.latencyUs.length)).set('floodRps', floodRps).set('p95Limit', verdict.limitRatio)
    .set('selfCheckProblems', failedFloods.length);
  return {
    ...frame, status: outcome.status, metrics: sheet.metrics, durationMs: Date.now() - startedAt.getTime(),
    details: { reason: outcome.reason, failedFloodSlots: failedFloods, quietTenant: quietTenant.id, noisyTenant: noisyTenant.id, slots, slotSeconds: SLOT_SECONDS,
      floodConnections: nn.floodConnections, floodRpsAsked: nn.floodRps ?? 'unbounded', quietRps: nn.quietRps,
      quietConnections: sized.connections, probeP95Ms: sized.probeP95Ms, statuses: { quiet: quiet.statuses, noisy: noisy.statuses } },
  };
}
