import { isIsogateError, redactSecrets } from '../errors/index.js';
import { EXIT, type CommandIO } from './Command.js';
import { commands } from './commandRegistry.js';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'isogate: proves tenant isolation before each stage of a rollout',
    '',
    'usage: isogate <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 GO/pass, 1 NO-GO/fail, 2 INCONCLUSIVE, 3 usage or config error, 4 isogate itself failed',
    "run 'isogate <command> --help' for a command's options",
  ].join('\n');
}

const defaultIO: CommandIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  env: process.env,
};

/** Runs one command and returns its exit code; a user never sees a bare stack trace. */
export async function main(argv: string[], io: CommandIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`ISOGATE_USAGE: expected a command, found ${JSON.stringify(name)}\n\n${helpText()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}\n\n${command.summary}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isIsogateError(error)) {
      io.err(redactSecrets(error.describe()));
      return error.exitCode;
    }
    const reason = error instanceof Error ? error.message : String(error);
    io.err(redactSecrets(`ISOGATE_INTERNAL: isogate ${name} failed unexpectedly: ${reason}`));
    io.err('  next: re-run with ISOGATE_DEBUG=1 for the stack, and report it');
    if (io.env['ISOGATE_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) io.err(redactSecrets(error.stack));
    return EXIT.internal;
  }
}
