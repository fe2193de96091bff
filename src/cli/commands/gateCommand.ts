import { resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/index.js';
import { IsogateError, isIsogateError } from '../../errors/index.js';
import { describeThreshold, gateConfigSchema, resolvePlan, runGate, type GateConfig, type StagePlan } from '../../gate/index.js';
import { EXIT, type Command, type CommandIO } from '../Command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate gate --stage <stage> [--plan <plan>] [--config F] [--force] [--reports-dir D] [--evidence-dir D] | isogate gate [--plan <plan>] --list';

/** The config, or defaults when no file was asked for and none is at the default path. */
async function configFor(file: string | undefined, cwd: string): Promise<{ loaded?: LoadedConfig; gate: GateConfig }> {
  try {
    const loaded = await loadConfig(file, cwd);
    return { loaded, gate: gateConfigSchema.parse(loaded.config.gate ?? {}) };
  } catch (error) {
    if (file === undefined && isIsogateError(error) && error.code === 'ISOGATE_CONFIG_NOT_FOUND') return { gate: gateConfigSchema.parse({}) };
    throw error;
  }
}

function list(plan: StagePlan, io: CommandIO, only?: string): void {
  io.out(`plan ${plan.id}: ${plan.title} (${plan.document})`);
  for (const s of plan.stages.filter((x) => only === undefined || x.id === only)) {
    io.out(`\n${s.id}  ${s.title}: ${s.summary}`);
    if (s.arms !== undefined) io.out(`  arms    candidate ${s.arms.candidate} vs baseline ${s.arms.baseline}: ${s.arms.why}`);
    for (const r of s.runs) io.out(`  run     isogate ${r.argv.join(' ')}  → ${r.produces.join(', ')}`);
    for (const c of s.criteria) io.out(`  measure ${c.id}: ${c.check} ${describeThreshold(c)}${c.minSamples === undefined ? '' : ` (needs ${c.minSamples.metric} ≥ ${c.minSamples.value})`}`);
    for (const m of s.manual) io.out(`  manual  ${m.id}: ${m.text}`);
  }
}

const MARK = { pass: '✔', fail: '✘', inconclusive: '?' } as const;

/** `isogate gate`: one stage's go/no-go from the evidence of its checks. */
export const gateCommand: Command = {
  name: 'gate',
  summary: 'run a rollout stage\'s checks and decide GO / NO-GO / INCONCLUSIVE, with reports',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      stage: { type: 'string' }, plan: { type: 'string' }, config: { type: 'string' }, force: { type: 'boolean' },
      'reports-dir': { type: 'string' }, 'evidence-dir': { type: 'string' }, list: { type: 'boolean' },
    }, usage);
    if (positionals.length > 0) throw new IsogateError('ISOGATE_USAGE', `expected options only, found ${JSON.stringify(positionals[0])}`, { hint: `usage: ${usage}` });
    const { loaded, gate } = await configFor(values.config, io.cwd);
    const plan = resolvePlan(gate, values.plan);
    if (values.list === true) {
      list(plan, io, values.stage);
      return EXIT.ok;
    }
    if (values.stage === undefined) {
      throw new IsogateError('ISOGATE_USAGE', 'expected --stage <stage>, found none', { hint: `stages of ${plan.id}: ${plan.stages.map((s) => s.id).join(', ')}` });
    }
    const reportsDir = values['reports-dir'] !== undefined ? resolve(io.cwd, values['reports-dir'])
      : loaded !== undefined ? resolve(loaded.dir, loaded.config.reportsDir) : resolve(io.cwd, 'reports');
    const result = await runGate({
      plan, stageId: values.stage, gate, cwd: io.cwd, env: io.env, reportsDir, force: values.force === true,
      config: { path: loaded?.path ?? null, hash: loaded?.hash ?? 'none' },
      leakTargets: Object.keys(loaded?.config.targets ?? {}),
      progress: (line) => io.out(line),
      ...(values['evidence-dir'] === undefined ? {} : { evidenceDir: values['evidence-dir'] }),
    });
    const r = result.report;
    io.out('');
    io.out(`${r.verdict}  ${r.plan.id} / ${r.stage.id}${r.forced ? '  (forced)' : ''}`);
    io.out(`  ${r.summary}`);
    if (r.calendar?.status === 'fail') io.out(`  ✘ ${r.calendar.reason}`);
    for (const f of r.checkFailures) io.out(`  ✘ ${f.reason}`);
    for (const o of r.outcomes.filter((x) => x.status !== 'pass')) io.out(`  ${MARK[o.status]} ${o.criterion.id}: ${o.reason}`);
    io.out(`reports: ${result.files.html}`);
    io.out(`         (report.md, report.json, junit.xml beside it)`);
    return result.exitCode;
  },
};
