import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsogateError } from '../errors/index.js';
import { writeEvidence, type Evidence } from '../evidence/index.js';
import { openRunNamespace, startRedis, type RunNamespace, type RunningRedis } from '../redis/index.js';
import { analyseLoad } from './analyseLoad.js';
import { latencySvg } from './latencySvg.js';
import type { LoadConfig } from './LoadConfig.js';
import { loadEvidence } from './loadEvidence.js';
import { measureLoad } from './measureLoad.js';
import { measureNoisyNeighbour } from './measureNoisyNeighbour.js';
import { probeRedisLatency } from './probeRedisLatency.js';
import { startArm, type RunningArm } from './startArm.js';

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
}

export interface LoadChecksReport {
  evidence: Evidence[];
  files: string[];
}

/** Runs the requested load checks end to end and writes one evidence record per check. */
export async function runLoadChecks(options: LoadChecksOptions): Promise<LoadChecksReport> {
  const { config } = options;
  const say = options.progress ?? (() => undefined);
  // Memoised promises: both arms start at once and may ask at the same moment.
  let redis: Promise<RunningRedis> | undefined = options.redis === undefined ? undefined : Promise.resolve(options.redis);
  let ownRedis = false;
  let ns: Promise<RunNamespace> | undefined;
  const arms: RunningArm[] = [];
  const getRedis = (): Promise<RunningRedis> => {
    redis ??= startRedis({ env: options.env }).then((r) => { ownRedis = true; say(`redis: ${r.route}`); return r; });
    return redis;
  };
  const namespace = async (): Promise<string> => (await (ns ??= getRedis().then((r) => openRunNamespace(r)))).prefix;
  const out: LoadChecksReport = { evidence: [], files: [] };
  const keep = async (e: Evidence): Promise<void> => { out.evidence.push(e); out.files.push(await writeEvidence(options.evidenceDir, e)); };
  try {
    const needArms = options.checks.has('load') || options.checks.has('noisy-neighbour');
    if (needArms && (config.baseline === undefined || config.candidate === undefined)) {
      throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected load.baseline and load.candidate in the config, found ${config.baseline === undefined ? 'no baseline' : 'no candidate'}`, {
        hint: "give each a { url } of a running loopback service, a { command: [...] } isogate starts, or a { module, export } that starts one",
      });
    }
    let candidateUrl: string | undefined;
    if (needArms && config.baseline !== undefined && config.candidate !== undefined) {
      const ctx = { dir: options.dir, redisUrl: async () => (await getRedis()).url, namespace };
      // Started side by side: a command or module arm can take seconds to come up.
      const started = await Promise.allSettled([startArm(config.baseline, 'baseline', ctx), startArm(config.candidate, 'candidate', ctx)]);
      for (const s of started) if (s.status === 'fulfilled') arms.push(s.value);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      const [baseline, candidate] = arms as [RunningArm, RunningArm];
      candidateUrl = candidate.url;
      if (options.checks.has('load')) {
        const startedAt = new Date();
        const m = await measureLoad({ config, baselineUrl: baseline.url, candidateUrl: candidate.url, seed: options.seed, progress: say });
        const a = analyseLoad(m.baseline, m.candidate, { stats: config.stats, criteria: config.criteria, paired: config.mode === 'duet', seed: options.seed, problems: m.problems });
        await mkdir(options.evidenceDir, { recursive: true });
        const svg = join(options.evidenceDir, 'load--candidate.svg');
        await writeFile(svg, latencySvg(m.baseline.latencyUs, m.candidate.latencyUs, `load: baseline vs candidate (${config.mode})`));
        const e = loadEvidence(m, a, { target: 'candidate', seed: options.seed, startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(), artifacts: [svg] });
        await keep({ ...e, details: { ...(e.details as object), arms: { baseline: { kind: baseline.kind, url: baseline.url }, candidate: { kind: candidate.kind, url: candidate.url } } } });
      }
    }
    if (options.checks.has('noisy-neighbour') && config.noisyNeighbour.enabled && candidateUrl !== undefined) {
      await keep(await measureNoisyNeighbour({ url: candidateUrl, target: 'candidate', config, seed: options.seed, progress: say }));
    }
    if (options.checks.has('redis-latency') && config.redisLatency.enabled) {
      const r = await probeRedisLatency(await getRedis(), { ...config.redisLatency, confidence: config.stats.confidence, seed: options.seed });
      say(`redis-latency timed via ${r.timing}`);
      await keep(r.evidence);
    }
    return out;
  } finally {
    for (const arm of arms.reverse()) await arm.stop().catch(() => undefined);
    if (ns !== undefined) await ns.then((n) => n.cleanup()).catch(() => undefined);
    if (redis !== undefined) await redis.then((r) => (ownRedis ? r.stop() : undefined)).catch(() => undefined);
  }
}
