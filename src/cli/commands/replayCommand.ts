import { z } from 'zod';
import { loadConfig } from '../../config/index.js';
import { IsogateError } from '../../errors/index.js';
import { readEvidenceFile } from '../../evidence/index.js';
import { runTargetLeakage } from '../../app/index.js';
import { FINDING_CLASSES } from '../../leakage/index.js';
import { EXIT, type Command } from '../Command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate replay <evidence.json>';

const counterexample = z.object({
  seed: z.number().int(),
  path: z.string(),
  replayPath: z.string().nullable(),
  ignored: z.array(z.enum(FINDING_CLASSES)).optional(),
  focus: z.object({ tenants: z.array(z.string()), slots: z.array(z.object({ base: z.string(), tokened: z.boolean() })), steps: z.array(z.unknown()).optional() }).optional(),
  finding: z.object({ class: z.string(), message: z.string() }),
});

const replayable = z.object({
  configPath: z.string(),
  targetName: z.string(),
  faultEnv: z.string().nullable().optional(),
  counterexample,
  counterexamples: z.array(counterexample).optional(),
});

/** `isogate replay`: re-runs a leakage counterexample exactly (seed, path, replay path); exit 1 when it reproduces. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay the counterexample of a leakage evidence file exactly, and print its story',
  usage,
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {}, usage);
    const file = positionals[0];
    if (file === undefined) throw new IsogateError('ISOGATE_USAGE', 'expected the path of an evidence file, found none', { hint: `usage: ${usage}` });
    const evidence = await readEvidenceFile(file);
    const parsed = replayable.safeParse(evidence.details);
    if (evidence.check !== 'leakage' || !parsed.success) {
      throw new IsogateError('ISOGATE_EVIDENCE_INVALID', `expected a failing leakage record with a counterexample in ${file}, found check ${evidence.check} with status ${evidence.status}`, {
        hint: 'replay the evidence file `isogate leak` wrote for a target that failed',
      });
    }
    const d = parsed.data;
    // The faults the original run saw through the environment must be seen again.
    if (d.faultEnv !== null && d.faultEnv !== undefined && process.env['ISOGATE_FAULT'] !== d.faultEnv) {
      process.env['ISOGATE_FAULT'] = d.faultEnv;
      io.out(`replay: ISOGATE_FAULT=${d.faultEnv} (as in the original run)`);
    }
    const loaded = await loadConfig(d.configPath, io.cwd);
    // Every distinct class the search found, each replayed as its own search saw it.
    let worst: number = EXIT.ok;
    for (const [i, c] of (d.counterexamples ?? [d.counterexample]).entries()) {
      // Later classes' stories are prefixed with their class, so each story reads on its own.
      const margin = i === 0 ? '  ' : `  ${c.finding.class} | `;
      io.out(`replay ${d.targetName}: ${c.finding.class}, seed ${c.seed}, path ${JSON.stringify(c.path)}`);
      const { result } = await runTargetLeakage(loaded, d.targetName, {
        runs: 1, seed: c.seed, path: c.path, ...(c.replayPath === null ? {} : { replayPath: c.replayPath }), ignore: c.ignored ?? [],
        ...(c.focus === undefined ? {} : { focus: c.focus }),
      });
      const o = result.outcome;
      if (o.status === 'fail') {
        for (const line of o.counterexample.story) io.out(`${margin}${line}`);
        const same = o.counterexample.finding.class === c.finding.class;
        io.out(same ? `reproduced: ${o.counterexample.finding.class}` : `reproduced a different finding (${o.counterexample.finding.class}; the record had ${c.finding.class})`);
        worst = EXIT.fail;
        continue;
      }
      io.out(o.status === 'pass'
        ? `did not reproduce: the counterexample passes now (was ${c.finding.class}: ${c.finding.message})`
        : `could not replay: ${o.message}`);
      if (o.status !== 'pass' && worst === EXIT.ok) worst = EXIT.inconclusive;
    }
    return worst;
  },
};
