import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { IsogateError } from '../../errors/index.js';
import { evidenceDir, newRunId, type Evidence } from '../../evidence/index.js';
import { LOAD_CHECKS, loadConfigSchema, parseArmState, runLoadChecks, type LoadCheckName } from '../../load/index.js';
import { EXIT, type Command } from '../Command.js';
import { intOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate load [--config F] [--rounds N] [--duration S(econds per round)] [--pairs N] [--mode duet|abba] [--candidate ARM] [--baseline ARM] '
  + '[--p50 MAX[,FLOOR_MS]] [--p95 MAX[,FLOOR_MS]] [--noisy-p95 MAX[,FLOOR_MS]] [--error-increase MAX] [--checks load,noisy-neighbour,redis-latency] [--seed N] [--evidence-dir D]'
  + ' (ARM: previous:off | new:off | new:allow=N | new:allow=a+b | new:cohort=P | new:all)';

/** `0.05,0.25`: a relative limit (+5%) and an absolute floor (0.25 ms); the floor defaults to `fallbackFloor`. */
function limitOption(value: string | undefined, name: string, fallbackFloor: number): { maxIncrease: number; floorMs: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (m === null) throw new IsogateError('ISOGATE_USAGE', `expected --${name} MAX[,FLOOR_MS] like 0.1 or 0.05,0.25, found ${JSON.stringify(value)}`, { hint: `usage: ${usage}` });
  return { maxIncrease: Number(m[1]), floorMs: m[2] === undefined ? fallbackFloor : Number(m[2]) };
}

function armOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  parseArmState(value);
  return value;
}

function parseChecks(value: string | undefined): Set<LoadCheckName> {
  if (value === undefined) return new Set(LOAD_CHECKS);
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const n of names) {
    if (!(LOAD_CHECKS as readonly string[]).includes(n)) {
      throw new IsogateError('ISOGATE_USAGE', `expected --checks to name ${LOAD_CHECKS.join(', ')}, found ${JSON.stringify(n)}`, { hint: `usage: ${usage}` });
    }
  }
  return new Set(names as LoadCheckName[]);
}

/** An absolute error-rate increase limit: 0.001 is 0.1 percentage point. */
function errorIncreaseOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) {
    throw new IsogateError('ISOGATE_USAGE', `expected --error-increase to be an absolute rate in [0, 1) like 0.001 (0.1 percentage point), found ${JSON.stringify(value)}`, { hint: `usage: ${usage}` });
  }
  return n;
}

function positiveSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new IsogateError('ISOGATE_USAGE', `expected --duration to be seconds > 0, found ${JSON.stringify(value)}`, { hint: `usage: ${usage}` });
  return n;
}

function summary(e: Evidence): string[] {
  const details = (e.details ?? {}) as { criteria?: Array<{ name: string; status: string; reason: string }>; reason?: string; reasons?: string[] };
  const lines = [`${e.check.padEnd(16)} ${e.status.toUpperCase()}`];
  for (const c of details.criteria ?? []) lines.push(`  ${c.status.padEnd(12)} ${c.reason}`);
  if (details.reason !== undefined) lines.push(`  ${details.reason}`);
  for (const r of (details.reasons ?? []).filter((r) => r.startsWith('self-check'))) lines.push(`  ${r}`);
  return lines;
}

/** Latency and error deltas between a baseline and a candidate, with honest confidence. */
export const loadCommand: Command = {
  name: 'load',
  summary: 'compare candidate vs baseline latency (P50/P95/P99) and error rate, noisy neighbour, Redis latency',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      config: { type: 'string' }, rounds: { type: 'string' }, duration: { type: 'string' }, mode: { type: 'string' },
      checks: { type: 'string' }, seed: { type: 'string' }, 'evidence-dir': { type: 'string' }, pairs: { type: 'string' },
      candidate: { type: 'string' }, baseline: { type: 'string' }, p50: { type: 'string' }, p95: { type: 'string' }, 'noisy-p95': { type: 'string' },
      'error-increase': { type: 'string' },
    }, usage);
    const errorRateIncrease = errorIncreaseOption(values['error-increase']);
    const loaded = await loadConfig(values.config, io.cwd);
    const rounds = intOption(values.rounds, 'rounds', usage);
    const seconds = positiveSeconds(values.duration);
    if (values.mode !== undefined && values.mode !== 'duet' && values.mode !== 'abba') {
      throw new IsogateError('ISOGATE_USAGE', `expected --mode duet or abba, found ${JSON.stringify(values.mode)}`, { hint: `usage: ${usage}` });
    }
    const base = loadConfigSchema.parse(loaded.config.load ?? {});
    const pairs = intOption(values.pairs, 'pairs', usage);
    const candidate = armOption(values.candidate);
    const baseline = armOption(values.baseline);
    const p50 = limitOption(values.p50, 'p50', base.criteria.p50.floorMs);
    const p95 = limitOption(values.p95, 'p95', base.criteria.p95.floorMs);
    const noisy = limitOption(values['noisy-p95'], 'noisy-p95', base.noisyNeighbour.limit.floorMs);
    // Command-line values (what a gate stage asks for) override the config's.
    const config = loadConfigSchema.parse({
      ...(loaded.config.load ?? {}),
      ...(rounds !== undefined && rounds > 0 ? { rounds } : {}),
      ...(seconds !== undefined ? { roundSeconds: seconds } : {}),
      ...(values.mode !== undefined ? { mode: values.mode } : {}),
      ...(pairs !== undefined && pairs > 0 ? { pairs } : {}),
      arms: { ...base.arms, ...(candidate === undefined ? {} : { candidate }), ...(baseline === undefined ? {} : { baseline }) },
      criteria: { ...base.criteria, ...(p50 === undefined ? {} : { p50 }), ...(p95 === undefined ? {} : { p95 }), ...(errorRateIncrease === undefined ? {} : { errorRateIncrease }) },
      noisyNeighbour: { ...base.noisyNeighbour, ...(noisy === undefined ? {} : { limit: noisy }) },
    });
    const seed = intOption(values.seed, 'seed', usage) ?? Math.floor(Math.random() * 2 ** 31);
    const dir = values['evidence-dir'] !== undefined ? resolve(io.cwd, values['evidence-dir']) : evidenceDir(join(loaded.dir, loaded.config.reportsDir), newRunId());
    io.out(`isogate load: ${config.mode}, ${config.pairs} pair(s) × ${config.rounds} round(s) of ${config.roundSeconds}s, candidate ${config.arms.candidate} vs baseline ${config.arms.baseline}, seed ${seed}`);
    const report = await runLoadChecks({ config, dir: loaded.dir, evidenceDir: dir, seed, checks: parseChecks(values.checks), env: io.env, progress: (l) => io.out(`  ${l}`),
      sizeForErrorLimit: errorRateIncrease !== undefined });
    for (const e of report.evidence) for (const line of summary(e)) io.out(line);
    io.out(`evidence: ${dir}`);
    const statuses = report.evidence.map((e) => e.status);
    if (statuses.includes('error')) return EXIT.internal;
    if (statuses.includes('fail')) return EXIT.fail;
    if (statuses.includes('inconclusive') || statuses.length === 0) return EXIT.inconclusive;
    return EXIT.ok;
  },
};
