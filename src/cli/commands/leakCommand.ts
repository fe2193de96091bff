import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { IsogateError } from '../../errors/index.js';
import { evidenceDir, newRunId, writeEvidence } from '../../evidence/index.js';
import { leakageConfigOf, runTargetLeakage } from '../../app/index.js';
import { formatLeakJunit, leakEvidence, testPropLines, type LeakJunitCase, type LeakResult } from '../../leakage/index.js';
import { EXIT, type Command, type CommandIO } from '../Command.js';
import { intOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate leak [--config F] [--target NAME] [--runs N] [--seed S] [--evidence-dir D] [--junit F]';

function seedOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || Math.abs(n) > 0x7fffffff) {
    throw new IsogateError('ISOGATE_USAGE', `expected --seed to be a 32-bit integer, found ${JSON.stringify(value)}`, { hint: `usage: ${usage}` });
  }
  return n;
}

function printResult(io: CommandIO, result: LeakResult, file: string, testProp: readonly string[]): void {
  const o = result.outcome;
  const s = result.score;
  const bound = `${(s.leakRateUpperBound95 * 100).toFixed(2)}%`;
  if (o.status === 'pass') {
    io.out(`  PASS  ${result.target}: no leak in ${result.runs} runs, ${result.operations} operations, ${s.observations} cross-tenant observations`);
    io.out(`        isolation score ${s.score.toFixed(2)}; leak rate < ${bound} at 95% (rule of three); seed ${result.seed}`);
  } else if (o.status === 'fail') {
    io.out(`  FAIL  ${result.target}: ${o.counterexamples.map((c) => c.finding.class).join(', ')} (${o.counterexamples.length} distinct finding class${o.counterexamples.length > 1 ? 'es' : ''})`);
    for (const c of o.counterexamples) {
      io.out(`      ${c.finding.class} after ${c.runsToFailure} runs (${c.msToFirstFailure} ms), shrunk to ${c.length} operations in ${c.shrinks} shrinks`);
      for (const line of c.story) io.out(`        ${line}`);
      io.out(`        seed ${c.seed}, path ${JSON.stringify(c.path)}${c.replayPath === undefined ? '' : `, replayPath ${JSON.stringify(c.replayPath)}`}${c.ignored.length === 0 ? '' : ` (passing over ${c.ignored.join(', ')})`}${c.focus === undefined ? '' : `, drawn around tenants ${JSON.stringify(c.focus.tenants)}`}`);
      if (c.interleaving.length > 0) io.out(`        interleaving: ${c.interleaving.join('; ')}`);
      const m = c.minimality;
      const removals = `${m.tried} single removal${m.tried === 1 ? '' : 's'} (${m.operations} operation${m.operations === 1 ? '' : 's'}, ${m.tenants} tenant${m.tenants === 1 ? '' : 's'})`;
      const verdict = m.minimal ? `a local minimum: none of its ${removals} fails the same way`
        : `not shown minimal: the check's ${m.replays} replays ran out after ${m.tried} of its single removals`;
      if (m.removed > 0) {
        io.out(`        ${m.removed} more single removal${m.removed > 1 ? 's' : ''} fail${m.removed > 1 ? '' : 's'} the same way; the smaller story (${m.length} operations), ${verdict}:`);
        for (const line of m.story) io.out(`          ${line}`);
      } else if (m.replays > 0) {
        io.out(`        ${verdict}`);
      }
    }
    io.out(`        isolation score ${s.score.toFixed(2)} (${s.leaking} leaking of ${s.observations} cross-tenant observations)`);
    io.out(`        replay: npx isogate replay ${file}`);
    if (testProp.length > 0) {
      io.out('        as a vitest property (paste into a .test.ts file):');
      for (const line of testProp) io.out(`          ${line}`);
    }
  } else {
    io.out(`  ERROR ${result.target}: ${o.message}`);
  }
  const said = result.targetOutput;
  if (said.lines > 0) {
    io.out(`        the target wrote ${said.lines} line${said.lines > 1 ? 's' : ''} to stdout/stderr (kept in the evidence); first:`);
    for (const line of said.first.slice(0, 3)) io.out(`          ${line}`);
  }
  io.out(`        evidence: ${file}`);
}

/** `isogate leak`: the leakage engine against the configured targets; 0 clean, 1 leak, 3 bad config. */
export const leakCommand: Command = {
  name: 'leak',
  summary: 'search for cross-tenant leaks in the configured targets (model-based, concurrent, with flips and Redis faults)',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      config: { type: 'string' }, target: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      'evidence-dir': { type: 'string' }, junit: { type: 'string' },
    }, usage);
    const runs = intOption(values.runs, 'runs', usage);
    const seed = seedOption(values.seed);
    const loaded = await loadConfig(values.config, io.cwd);
    const names = values.target === undefined ? Object.keys(loaded.config.targets) : [values.target];
    if (names.length === 0) {
      throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected at least one target in ${loaded.path}, found none`, { hint: 'declare a module or http target under `targets`' });
    }
    const budget = leakageConfigOf(loaded);
    const dir = values['evidence-dir'] === undefined
      ? evidenceDir(resolve(loaded.dir, loaded.config.reportsDir), newRunId())
      : resolve(io.cwd, values['evidence-dir']);
    const total = runs ?? budget.runs;
    let worst: number = EXIT.ok;
    const junit: LeakJunitCase[] = [];
    for (const name of names) {
      const startedAt = new Date().toISOString();
      const every = Math.max(1, Math.ceil(total / 4));
      io.out(`leak ${name}: up to ${total} runs of at most ${budget.maxCommands} steps`);
      const { kind, result } = await runTargetLeakage(loaded, name, {
        ...(runs === undefined ? {} : { runs }),
        ...(seed === undefined ? {} : { seed }),
        onProgress: (done, ops) => { if (done % every === 0) io.out(`  … ${name}: run ${done}/${total}, ${ops} operations`); },
      });
      const ctx = { configPath: loaded.path, targetName: name, kind, startedAt, faultEnv: io.env['ISOGATE_FAULT'], budget: { ...budget, runs: total } };
      const file = await writeEvidence(dir, leakEvidence(ctx, result));
      const o = result.outcome;
      printResult(io, result, file, o.status === 'fail' ? testPropLines(ctx, o.counterexample.seed, o.counterexample.path, o.counterexample.replayPath, o.counterexample.focus) : []);
      junit.push({ result, evidenceFile: file });
      if (result.outcome.status === 'fail') worst = EXIT.fail;
      else if (result.outcome.status === 'error' && worst === EXIT.ok) worst = EXIT.inconclusive;
    }
    if (values.junit !== undefined) {
      const path = resolve(io.cwd, values.junit);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, formatLeakJunit(junit));
      io.out(`junit: ${path}`);
    }
    return worst;
  },
};
