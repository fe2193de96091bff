/** One `isogate <name>` subcommand. `run` returns the exit code; it never calls process.exit. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** Where a command writes: injected so tests read what a user would see. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const EXIT = {
  ok: 0,
  fail: 1,
  inconclusive: 2,
  usage: 3,
  /** isogate itself broke: never read as a verdict. */
  internal: 4,
} as const;
