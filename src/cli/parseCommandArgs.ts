import { parseArgs, type ParseArgsConfig } from 'node:util';
import { IsogateError } from '../errors/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Named so the declaration build can write the return type out. */
export type ParsedCommandArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** node:util parseArgs, with a usage error (exit 3) that names the command's usage line. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, usage: string): ParsedCommandArgs<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IsogateError('ISOGATE_USAGE', `${reason}`, { hint: `usage: ${usage}` });
  }
}

export function intOption(value: string | undefined, name: string, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new IsogateError('ISOGATE_USAGE', `expected --${name} to be a whole number, found ${JSON.stringify(value)}`, { hint: `usage: ${usage}` });
  }
  return n;
}
