import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { loadConfig, type IsogateConfig } from '../../config/index.js';
import { DRILL_NAMES, drillsConfigSchema, isDrillName, runDrill, type DrillName, type FlagExposure } from '../../drills/index.js';
import { IsogateError, isIsogateError } from '../../errors/index.js';
import { evidenceDir, newRunId, writeEvidence, type Evidence } from '../../evidence/index.js';
import { describeArmState, loadPopulation, parseArmState, resolveExposure } from '../../load/index.js';
import { EXIT, type Command } from '../Command.js';
import { intOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = `isogate drill <${[...DRILL_NAMES, 'all'].join('|')}> [--config F] [--evidence-dir D] [--seed N] [--candidate ARM]`;

/** The config file if there is one; without --config a missing file means the defaults. */
async function configFor(file: string | undefined, cwd: string): Promise<{ config: IsogateConfig | undefined; dir: string }> {
  try {
    const loaded = await loadConfig(file, cwd);
    return { config: loaded.config, dir: loaded.dir };
  } catch (error) {
    if (file === undefined && isIsogateError(error) && error.code === 'ISOGATE_CONFIG_NOT_FOUND') return { config: undefined, dir: cwd };
    throw error;
  }
}

function namesFrom(positionals: string[]): DrillName[] {
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0 || (name !== 'all' && !isDrillName(name))) {
    throw new IsogateError('ISOGATE_USAGE', `expected one drill name or all, found ${JSON.stringify(positionals.join(' '))}`, { hint: `usage: ${usage}` });
  }
  return name === 'all' ? [...DRILL_NAMES] : [name];
}

/**
 * The stage's candidate as the drills' starting exposure (`new:allow=1` → the flag on for the
 * first drill tenant). A drill rehearses the new build's flag, so the previous build is refused.
 */
function exposureOption(text: string | undefined, tenants: readonly string[]): { exposure: FlagExposure; tenants: string[] } | undefined {
  if (text === undefined) return undefined;
  const state = parseArmState(text);
  if (state.build !== 'new') {
    throw new IsogateError('ISOGATE_USAGE', `expected a candidate of the new build for the drills (new:off, new:allow=N, new:cohort=P, new:all), found ${JSON.stringify(text)} (${describeArmState(state)})`, {
      hint: 'drills flip the new build\'s flag; the previous build has none',
    });
  }
  // A hash cohort of a few tenants most likely holds none of them: the drills then send as drawn
  // tenants too (`cohort1`, …), as the load does, so the cohort has members to roll back.
  const population = loadPopulation(tenants.map((id) => ({ id })), state.exposure).map((t) => t.id);
  return { exposure: resolveExposure(state.exposure, population), tenants: population };
}

function summary(e: Evidence): string {
  const metrics = Object.entries(e.metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(1)}`).join(' ');
  const why = e.status === 'error' && typeof e.details === 'object' && e.details !== null && 'error' in e.details ? `  ${String(e.details.error)}` : '';
  return `${e.check.padEnd(23)} ${e.status.toUpperCase().padEnd(5)} ${(e.durationMs / 1000).toFixed(1).padStart(5)} s  ${metrics}${why}`;
}

function exitFor(all: readonly Evidence[]): number {
  if (all.some((e) => e.status === 'fail')) return EXIT.fail;
  if (all.some((e) => e.status !== 'pass')) return EXIT.inconclusive;
  return EXIT.ok;
}

/** Runs rehearsals against real processes and writes one evidence record per drill. */
export const drillCommand: Command = {
  name: 'drill',
  summary: 'rehearse flag propagation, rollback, Redis fallback and failover, and check cohort bucketing',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      config: { type: 'string' }, 'evidence-dir': { type: 'string' }, seed: { type: 'string' }, candidate: { type: 'string' },
    }, usage);
    const names = namesFrom(positionals);
    const { config, dir } = await configFor(values.config, io.cwd);
    const configured = config?.drills ?? drillsConfigSchema.parse({});
    const candidate = exposureOption(values.candidate, configured.service.tenants);
    const drills = candidate === undefined ? configured : { ...configured, service: { ...configured.service, tenants: candidate.tenants } };
    const exposure = candidate?.exposure;
    const seed = intOption(values.seed, 'seed', usage) ?? drills.seed ?? randomInt(0, 2 ** 31 - 1);
    const outDir = values['evidence-dir'] !== undefined
      ? resolve(io.cwd, values['evidence-dir'])
      : evidenceDir(resolve(dir, config?.reportsDir ?? 'reports'), newRunId());
    const all: Evidence[] = [];
    for (const name of names) {
      const evidence = await runDrill(name, {
        config: drills, baseDir: dir, seed, log: (line) => io.out(line), ...(exposure === undefined ? {} : { exposure, arm: values.candidate }),
      });
      const path = await writeEvidence(outDir, evidence);
      all.push(evidence);
      io.out(summary(evidence));
      io.out(`${''.padEnd(23)} evidence: ${path}`);
    }
    io.out(`seed ${seed}; replay with --seed ${seed}`);
    return exitFor(all);
  },
};
