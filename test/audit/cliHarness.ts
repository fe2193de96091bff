// Runs `isogate <argv>` in-process, as a user would, and keeps what it printed.
import { main, type CommandIO } from '../../src/cli/index.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env: { PATH: process.env['PATH'], ...env } };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
