import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { IsogateError } from '../../errors/index.js';
import { evidenceDir, newRunId, type Evidence } from '../../evidence/index.js';
import { LOAD_CHECKS, loadConfigSchema, runLoadChecks, type LoadCheckName } from '../../load/index.js';
import { EXIT, type Command } from '../Command.js';
import { intOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate load [--config F] [--rounds N] [--duration S(econds per round)] [--mode duet|abba] [--checks load,noisy-neighbour,redis-latency] [--seed N] [--evidence-dir D]';

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
      checks: { type: 'string' }, seed: { type: 'string' }, 'evidence-dir': { type: 'string' },
    }, usage);
    const loaded = await loadConfig(values.config, io.cwd);
    const rounds = intOption(values.rounds, 'rounds', usage);
    const seconds = positiveSeconds(values.duration);
    if (values.mode !== undefined && values.mode !== 'duet' && values.mode !== 'abba') {
      throw new IsogateError('ISOGATE_USAGE', `expected --mode duet or abba, found ${JSON.stringify(values.mode)}`, { hint: `usage: ${usage}` });
    }
    const config = loadConfigSchema.parse({
      ...(loaded.config.load ?? {}),
      ...(rounds !== undefined && rounds > 0 ? { rounds } : {}),
      ...(seconds !== undefined ? { roundSeconds: seconds } : {}),
      ...(values.mode !== undefined ? { mode: values.mode } : {}),
    });
    const seed = intOption(values.seed, 'seed', usage) ?? Math.floor(Math.random() * 2 ** 31);
    const dir = values['evidence-dir'] !== undefined ? resolve(io.cwd, values['evidence-dir']) : evidenceDir(join(loaded.dir, loaded.config.reportsDir), newRunId());
    io.out(`isogate load: ${config.mode}, ${config.rounds} round(s) of ${config.roundSeconds}s, seed ${seed}`);
    const report = await runLoadChecks({ config, dir: loaded.dir, evidenceDir: dir, seed, checks: parseChecks(values.checks), env: io.env, progress: (l) => io.out(`  ${l}`) });
    for (const e of report.evidence) for (const line of summary(e)) io.out(line);
    io.out(`evidence: ${dir}`);
    const statuses = report.evidence.map((e) => e.status);
    if (statuses.includes('error')) return EXIT.internal;
    if (statuses.includes('fail')) return EXIT.fail;
    if (statuses.includes('inconclusive') || statuses.length === 0) return EXIT.inconclusive;
    return EXIT.ok;
  },
};
