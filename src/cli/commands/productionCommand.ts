import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { IsogateError } from '../../errors/index.js';
import { evidenceDir, newRunId } from '../../evidence/index.js';
import { findStage, gateConfigSchema, resolvePlan } from '../../gate/index.js';
import { productionConfigSchema, promDurationSchema, runProduction, type ProductionThreshold } from '../../production/index.js';
import { EXIT, type Command } from '../Command.js';
import { intOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate production [--config F] [--plan P] [--stage S] [--canary-percent N] [--window W] [--seed N] [--evidence-dir D]';

function percent(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0 && n <= 100)) throw new IsogateError('ISOGATE_USAGE', `expected --canary-percent to be 0 to 100, found ${JSON.stringify(value)}`, { hint: `usage: ${usage}` });
  return n;
}

/** Canary against baseline from Prometheus: error-rate differential, P95 ratio, isolation, cohort share, Redis P95, legacy headers. */
export const productionCommand: Command = {
  name: 'production',
  summary: 'judge canary vs baseline from Prometheus (or a local rehearsal): error differential, P95 ratio, isolation, cohort share, Redis P95, legacy headers',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      config: { type: 'string' }, plan: { type: 'string' }, stage: { type: 'string' }, 'canary-percent': { type: 'string' }, window: { type: 'string' },
      seed: { type: 'string' }, 'evidence-dir': { type: 'string' },
    }, usage);
    const loaded = await loadConfig(values.config, io.cwd);
    const configured = productionConfigSchema.parse(loaded.config.production ?? {});
    // A stage's own bake time (`--window 14d`, from the plan) replaces the configured window.
    const window = values.window === undefined ? undefined : promDurationSchema.safeParse(values.window);
    if (window !== undefined && !window.success) throw new IsogateError('ISOGATE_USAGE', `expected --window to be a Prometheus duration such as 48h or 14d, found ${JSON.stringify(values.window)}`, { hint: `usage: ${usage}` });
    const config = window === undefined ? configured : { ...configured, window: window.data };
    let thresholds: ProductionThreshold[] | undefined;
    if (values.stage !== undefined) {
      const plan = resolvePlan(gateConfigSchema.parse(loaded.config.gate ?? {}), values.plan);
      const { stage } = findStage(plan, values.stage);
      const mine = stage.criteria.filter((c) => c.check === 'production');
      // The plan's thresholds (with the config's overrides) decide this record's own status, so
      // the check never calls a stage failed that the gate would pass, or the reverse.
      if (mine.length > 0) thresholds = mine.map((c) => ({ id: c.id, metric: c.metric, op: c.op, value: c.value }));
      else io.out(`stage ${stage.id} of ${plan.id} has no production criterion: judging by production.criteria`);
    }
    const seed = intOption(values.seed, 'seed', usage) ?? Math.floor(Math.random() * 2 ** 31);
    const dir = values['evidence-dir'] !== undefined ? resolve(io.cwd, values['evidence-dir']) : evidenceDir(join(loaded.dir, loaded.config.reportsDir), newRunId());
    const canaryPercent = percent(values['canary-percent']);
    io.out(`isogate production: ${config.prometheus === 'local' ? 'local REHEARSAL (not production evidence)' : 'Prometheus'}${values.stage === undefined ? '' : `, stage ${values.stage}`}`);
    const { evidence, verdict } = await runProduction({
      config, dir: loaded.dir, evidenceDir: dir, ...(values.stage === undefined ? {} : { stage: values.stage }),
      ...(canaryPercent === undefined ? {} : { canaryPercent }), ...(thresholds === undefined ? {} : { thresholds }),
      seed, env: io.env, progress: (l) => io.out(`  ${l}`),
    });
    const details = evidence.details as { reason?: string; thresholds?: Array<{ status: string; reason: string }>; source?: string; mde?: string };
    io.out(`production/${evidence.target} ${verdict.toUpperCase()}`);
    for (const t of details.thresholds ?? []) io.out(`  ${t.status.padEnd(12)} ${t.reason}`);
    if (details.reason !== undefined && evidence.status !== 'pass') io.out(`  ${details.reason}`);
    if (details.mde !== undefined) io.out(`  ${details.mde}`);
    if (details.source !== undefined) io.out(`  ${details.source}`);
    io.out(`evidence: ${dir}`);
    // The exit code is the judgement's (an undecided threshold is 2) even where the record says pass.
    if (verdict === 'pass') return EXIT.ok;
    if (verdict === 'fail') return EXIT.fail;
    // An error record is written evidence the gate reads as undecided, with its reason.
    return EXIT.inconclusive;
  },
};
