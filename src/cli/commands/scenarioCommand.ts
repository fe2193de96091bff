import { resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/index.js';
import { IsogateError, isIsogateError } from '../../errors/index.js';
import { evidenceDir, newRunId } from '../../evidence/index.js';
import {
  SCENARIO_IDS, isScenarioId, loadScenarioTargets, runScenarios, scenariosConfigSchema, type ScenarioId, type ScenariosConfig,
} from '../../scenarios/index.js';
import { EXIT, type Command, type CommandIO } from '../Command.js';
import { intOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = `isogate scenario <${SCENARIO_IDS.join('|')}|all> [--config F] [--runs N] [--seed S] [--evidence-dir D]`;

/** The config when one is named or the default file exists; no config at all means defaults. */
async function configFor(file: string | undefined, io: CommandIO): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfig(file, io.cwd);
  } catch (error) {
    if (file === undefined && isIsogateError(error) && error.code === 'ISOGATE_CONFIG_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The config's `scenarios` section (validated with the rest of the config), defaults filled in. */
function scenariosSection(loaded: LoadedConfig | undefined): ScenariosConfig {
  return loaded?.config.scenarios ?? scenariosConfigSchema.parse({});
}

/** `isogate scenario`: the three rollout scenarios against the configured (or bundled) targets. */
export const scenarioCommand: Command = {
  name: 'scenario',
  summary: 'run the rollout scenario checks: keyspace migration, tenant-header compatibility, tenant-filtered retrieval',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      config: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, 'evidence-dir': { type: 'string' },
    }, usage);
    const [which, ...extra] = positionals;
    if (which === undefined || extra.length > 0 || (which !== 'all' && !isScenarioId(which))) {
      throw new IsogateError('ISOGATE_USAGE', `expected one scenario (${SCENARIO_IDS.join(', ')} or all), found ${JSON.stringify(positionals.join(' ') || 'none')}`, { hint: `usage: ${usage}` });
    }
    const scenarios: ScenarioId[] = which === 'all' ? [...SCENARIO_IDS] : [which as ScenarioId];
    const runs = intOption(values.runs, 'runs', usage);
    const seed = intOption(values.seed, 'seed', usage) ?? Date.now() % 2_147_483_647;
    const loaded = await configFor(values.config, io);
    const config = scenariosSection(loaded);
    const baseDir = loaded?.dir ?? io.cwd;
    const targets = await loadScenarioTargets(config.module === undefined ? undefined : resolve(baseDir, config.module), baseDir);
    const dir = values['evidence-dir'] === undefined
      ? evidenceDir(resolve(baseDir, loaded?.config.reportsDir ?? 'reports'), newRunId())
      : resolve(io.cwd, values['evidence-dir']);
    const fault = io.env['ISOGATE_FAULT'];
    const faults = fault === undefined || fault === '' ? undefined : fault.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
    const results = await runScenarios({
      scenarios, targets, config, seed, evidenceDir: dir, env: io.env, onProgress: (line) => io.err(line),
      ...(runs === undefined ? {} : { runs }), ...(faults === undefined ? {} : { faults }),
    });
    for (const { outcome, evidencePath } of results) {
      const metrics = Object.entries(outcome.metrics).map(([k, v]) => `${k}=${v}`).join(' ');
      io.out(`${outcome.status.toUpperCase().padEnd(4)} ${outcome.check} (${outcome.target}, seed ${outcome.seed}, ${outcome.durationMs} ms) ${metrics}`);
      if (outcome.status === 'fail') io.out(`     ${outcome.summary}`);
      if (evidencePath !== undefined) io.out(`     evidence: ${evidencePath}`);
    }
    return results.every((r) => r.outcome.status === 'pass') ? EXIT.ok : EXIT.fail;
  },
};
