import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsogateError } from '../errors/index.js';
import { writeEvidence, type Evidence } from '../evidence/index.js';
import { openRunNamespace, startRedis, type RunNamespace, type RunningRedis } from '../redis/index.js';
import { analyseLoad } from './analyseLoad.js';
import { describeArmState, formatArmState, formatExposure, parseArmState, resolveExposure, type ArmComparison, type ArmState } from './ArmState.js';
import { latencySvg } from './latencySvg.js';
import type { ArmSpec, LoadConfig } from './LoadConfig.js';
import { loadEvidence } from './loadEvidence.js';
import { exposureWeights, loadPopulation } from './LoadPopulation.js';
import { requestsToDecideErrorIncrease } from './BinomialInterval.js';
import { measureLoad, type Measurement } from './measureLoad.js';
import { mergePairs } from './mergePairs.js';
import { measureNoisyNeighbour } from './measureNoisyNeighbour.js';
import { probeRedisLatency } from './probeRedisLatency.js';
import { startArm, type ArmContext, type ArmStart, type RunningArm } from './startArm.js';

export const LOAD_CHECKS = ['load', 'noisy-neighbour', 'redis-latency'] as const;
export type LoadCheckName = (typeof LOAD_CHECKS)[number];

export interface LoadChecksOptions {
  config: LoadConfig;
  /** The config file's directory: module and command arms resolve against it. */
  dir: string;
  evidenceDir: string;
  seed: number;
  checks: ReadonlySet<LoadCheckName>;
  env?: NodeJS.ProcessEnv;
  progress?: (line: string) => void;
  /** A Redis to use instead of starting one (tests). */
  redis?: RunningRedis;
  /**
   * After the measured rounds, add count-only rounds until each arm holds the requests
   * `config.criteria.errorRateIncrease` needs to be decided (a gate stage's `--error-increase`).
   */
  sizeForErrorLimit?: boolean;
}

export interface LoadChecksReport {
  evidence: Evidence[];
  files: string[];
}

/** Both arms' spec and state: the stage's comparison (config.arms) built from load.service or the explicit arms. */
function armPlan(config: LoadConfig): { comparison: ArmComparison; specs: { baseline: ArmSpec; candidate: ArmSpec } } {
  const baseline = config.baseline ?? config.service;
  const candidate = config.candidate ?? config.service;
  if (baseline === undefined || candidate === undefined) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected load.baseline and load.candidate (or one load.service both are built from) in the config, found ${baseline === undefined ? 'no baseline' : 'no candidate'}`, {
      hint: "give load.service a { module, export } or { command: [...] } that starts the service with the build and flag exposure it is given, or a { url } per arm",
    });
  }
  return { comparison: { candidate: parseArmState(config.arms.candidate), baseline: parseArmState(config.arms.baseline) }, specs: { baseline, candidate } };
}

function started(role: ArmStart['role'], state: ArmState, tenants: readonly string[]): ArmStart {
  return { role, build: state.build, exposure: resolveExposure(state.exposure, tenants), tenants };
}

/**
 * Why a pair's measurement is no evidence of the candidate's exposure, if it is not: the flag on
 * for nobody the load sends as, or (when the candidate counts it) no request served by the new path.
 */
function exposureProblems(start: ArmStart, exposed: ReadonlySet<string> | undefined, tenants: readonly string[], newPath: number | undefined): string[] {
  if (start.exposure.kind === 'off') return [];
  const what = `the candidate's exposure (${formatExposure(start.exposure)})`;
  if (exposed !== undefined && !tenants.some((t) => exposed.has(t))) {
    return [`${what} turned the flag on for none of the ${tenants.length} load tenants: the run measured the flag-off path, not this stage (add load.tenants)`];
  }
  if (newPath === 0) return [`${what} had no candidate request served by the new code path: the run measured the flag-off path, not this stage`];
  return [];
}

/** What each arm really was, for the evidence: a URL arm cannot be given a build or exposure. */
function armRecord(arm: RunningArm, state: ArmState, start: ArmStart): Record<string, unknown> {
  return {
    kind: arm.kind, url: arm.url, state: formatArmState(state), described: describeArmState(state),
    exposure: formatExposure(start.exposure), applied: arm.kind !== 'url',
  };
}

/** Runs the requested load checks end to end and writes one evidence record per check. */
export async function runLoadChecks(options: LoadChecksOptions): Promise<LoadChecksReport> {
  const { config } = options;
  const say = options.progress ?? (() => undefined);
  // Memoised promises: both arms start at once and may ask at the same moment.
  let redis: Promise<RunningRedis> | undefined = options.redis === undefined ? undefined : Promise.resolve(options.redis);
  let ownRedis = false;
  let ns: Promise<RunNamespace> | undefined;
  const running = new Set<RunningArm>();
  const getRedis = (): Promise<RunningRedis> => {
    redis ??= startRedis({ env: options.env }).then((r) => { ownRedis = true; say(`redis: ${r.route}`); return r; });
    return redis;
  };
  const namespace = async (): Promise<string> => (await (ns ??= getRedis().then((r) => openRunNamespace(r)))).prefix;
  const ctx: ArmContext = { dir: options.dir, redisUrl: async () => (await getRedis()).url, namespace };
  const out: LoadChecksReport = { evidence: [], files: [] };
  const keep = async (e: Evidence): Promise<void> => { out.evidence.push(e); out.files.push(await writeEvidence(options.evidenceDir, e)); };
  const stop = async (arm: RunningArm): Promise<void> => { running.delete(arm); await arm.stop().catch(() => undefined); };
  try {
    const needArms = options.checks.has('load') || (options.checks.has('noisy-neighbour') && config.noisyNeighbour.enabled);
    const plan = needArms ? armPlan(config) : undefined;
    // A hash cohort needs enough tenants to hold any: the load then sends as drawn tenants too.
    const population = plan === undefined ? config.tenants : loadPopulation(config.tenants, plan.comparison.candidate.exposure);
    const tenantIds = population.map((t) => t.id);
    const measuredConfig: LoadConfig = { ...config, tenants: population };
    if (plan !== undefined && options.checks.has('load')) {
      const { comparison, specs } = plan;
      const states = { baseline: started('baseline', comparison.baseline, tenantIds), candidate: started('candidate', comparison.candidate, tenantIds) };
      say(`arms: candidate ${describeArmState(comparison.candidate)} vs baseline ${describeArmState(comparison.baseline)}; ${config.pairs} fresh pair(s)`);
      const startedAt = new Date();
      const measured: Measurement[] = [];
      // An error-rate limit is only decidable on enough requests: split what it needs over the pairs.
      const need = options.sizeForErrorLimit === true ? requestsToDecideErrorIncrease(config.criteria.errorRateIncrease, config.stats.confidence) : undefined;
      const minRequestsPerArm = need === undefined ? undefined : Math.ceil(need / config.pairs);
      let arms: Record<string, unknown> = {};
      let exposureRecord: Record<string, unknown> = {};
      for (let p = 0; p < config.pairs; p++) {
        const suffix = config.pairs === 1 ? '' : `-${p + 1}`;
        // Started side by side: a command or module arm can take seconds to come up.
        const pair = await Promise.allSettled([startArm(specs.baseline, `baseline${suffix}`, ctx, states.baseline), startArm(specs.candidate, `candidate${suffix}`, ctx, states.candidate)]);
        for (const s of pair) if (s.status === 'fulfilled') running.add(s.value);
        const failed = pair.find((s) => s.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
        const [baseline, candidate] = pair.map((s) => (s as PromiseFulfilledResult<RunningArm>).value) as [RunningArm, RunningArm];
        try {
          if (config.pairs > 1) say(`pair ${p + 1}/${config.pairs}`);
          const exposed = candidate.exposedTenants === undefined ? undefined : new Set(candidate.exposedTenants);
          const cohort = states.candidate.exposure;
          // The stage's latency criterion compares the exposed group with the control group: the
          // cohort's tenants send every measured request, so a regression of the new path is not
          // diluted by the flag-off tenants beside it (they stay in the fleet, unmeasured).
          const weights = cohort.kind === 'cohort' && exposed !== undefined ? exposureWeights(population, exposed, 1) : undefined;
          const m = await measureLoad({
            config: measuredConfig, baselineUrl: baseline.url, candidateUrl: candidate.url, seed: options.seed + 10_007 * p, progress: say,
            ...(minRequestsPerArm === undefined ? {} : { minRequestsPerArm }),
            ...(weights === undefined ? {} : { weights }), ...(candidate.newPathRequests === undefined ? {} : { newPathRequests: candidate.newPathRequests }),
          });
          m.problems.push(...exposureProblems(states.candidate, exposed, tenantIds, m.newPathRequests));
          measured.push(m);
          exposureRecord = {
            tenants: tenantIds.length, drawnTenants: tenantIds.length - config.tenants.length,
            exposedTenants: exposed === undefined ? null : tenantIds.filter((t) => exposed.has(t)),
            weightedShare: weights === undefined ? null : 1,
          };
          arms = { baseline: armRecord(baseline, comparison.baseline, states.baseline), candidate: armRecord(candidate, comparison.candidate, states.candidate) };
        } finally {
          await stop(baseline);
          await stop(candidate);
        }
      }
      const m = mergePairs(measured);
      const a = analyseLoad(m.baseline, m.candidate, {
        stats: config.stats, criteria: config.criteria, paired: config.mode === 'duet', seed: options.seed, problems: m.problems,
        pairs: measured.map((x) => ({ baseline: x.baseline, candidate: x.candidate })),
      });
      await mkdir(options.evidenceDir, { recursive: true });
      const svg = join(options.evidenceDir, 'load--candidate.svg');
      await writeFile(svg, latencySvg(m.baseline.latencyUs, m.candidate.latencyUs, `load: ${formatArmState(comparison.baseline)} vs ${formatArmState(comparison.candidate)} (${config.mode})`));
      const e = loadEvidence(m, a, { target: 'candidate', seed: options.seed, startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(), artifacts: [svg] });
      const newPath: Record<string, number> = m.newPathRequests === undefined ? {} : { newPathRequests: m.newPathRequests };
      const exposure = { ...exposureRecord, newPathRequests: m.newPathRequests ?? null, candidateRequests: a.samples.candidate,
        newPathShare: m.newPathRequests === undefined || a.samples.candidate === 0 ? null : m.newPathRequests / a.samples.candidate };
      await keep({ ...e, metrics: { ...e.metrics, pairs: config.pairs, ...newPath }, details: { ...(e.details as object), arms, pairs: config.pairs, exposure } });
    }
    if (plan !== undefined && options.checks.has('noisy-neighbour') && config.noisyNeighbour.enabled) {
      const state = started('candidate', plan.comparison.candidate, tenantIds);
      const arm = await startArm(plan.specs.candidate, 'noisy-neighbour', ctx, state);
      running.add(arm);
      try {
        const e = await measureNoisyNeighbour({ url: arm.url, target: 'candidate', config, seed: options.seed, progress: say });
        await keep({ ...e, details: { ...(e.details as object), arm: armRecord(arm, plan.comparison.candidate, state) } });
      } finally {
        await stop(arm);
      }
    }
    if (options.checks.has('redis-latency') && config.redisLatency.enabled) {
      const r = await probeRedisLatency(await getRedis(), { ...config.redisLatency, confidence: config.stats.confidence, seed: options.seed });
      say(`redis-latency timed via ${r.timing}`);
      await keep(r.evidence);
    }
    return out;
  } finally {
    for (const arm of [...running].reverse()) await arm.stop().catch(() => undefined);
    if (ns !== undefined) await ns.then((n) => n.cleanup()).catch(() => undefined);
    if (redis !== undefined) await redis.then((r) => (ownRedis ? r.stop() : undefined)).catch(() => undefined);
  }
}
