import { resolve } from 'node:path';
import { IsogateError } from '../../errors/index.js';
import { signoffReport } from '../../gate/index.js';
import { EXIT, type Command } from '../Command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate signoff <report.json> --by <name> [--note <text>]';

/** `isogate signoff`: QA attests a GO report's manual items; refused for NO-GO and INCONCLUSIVE. */
export const signoffCommand: Command = {
  name: 'signoff',
  summary: 'add a QA sign-off to a GO gate report, attesting its manual items',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { by: { type: 'string' }, note: { type: 'string' } }, usage);
    const [file, extra] = positionals;
    if (file === undefined || extra !== undefined) {
      throw new IsogateError('ISOGATE_USAGE', `expected one report.json, found ${positionals.length}`, { hint: `usage: ${usage}` });
    }
    if (values.by === undefined) throw new IsogateError('ISOGATE_USAGE', 'expected --by <name>, found none', { hint: `usage: ${usage}` });
    const path = resolve(io.cwd, file);
    const { report, signoff } = await signoffReport(path, values.by, { ...(values.note === undefined ? {} : { note: values.note }), env: io.env });
    io.out(`signed off ${report.plan.id} / ${report.stage.id} (run ${report.runId}) by ${signoff.by} at ${signoff.at}`);
    io.out(`attests ${signoff.attests.length} manual item${signoff.attests.length === 1 ? '' : 's'}: ${signoff.attests.join(', ') || 'none'}`);
    return EXIT.ok;
  },
};
