import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every error a user can see. The `code` is stable (scripts and CI match on it); the message
 * says what was expected, what was found, and what to do next. `exitCode` carries the meaning
 * the CLI gives it (3 is a usage or configuration error). Each code has a section in the
 * README's "Errors" (a test holds them in step).
 */
export const ISOGATE_ERROR_CODES = [
  'ISOGATE_CONFIG_INVALID',
  'ISOGATE_CONFIG_NOT_FOUND',
  'ISOGATE_USAGE',
  'ISOGATE_REDIS_UNAVAILABLE',
  'ISOGATE_REDIS_FOREIGN_KEYS',
  'ISOGATE_REDIS_START_FAILED',
  'ISOGATE_TARGET_INVALID',
  'ISOGATE_TARGET_LOAD_FAILED',
  'ISOGATE_EVIDENCE_INVALID',
  'ISOGATE_AUDIT_PROJECT',
  'ISOGATE_LOAD_FAILED',
  'ISOGATE_DRILL_FAILED',
  'ISOGATE_GATE_ORDER',
  'ISOGATE_SIGNOFF_REFUSED',
  'ISOGATE_SERVICE_START_FAILED',
  'ISOGATE_PROMETHEUS_FAILED',
  'ISOGATE_INIT_EXISTS',
  'ISOGATE_INTERNAL',
] as const;

export type IsogateErrorCode = (typeof ISOGATE_ERROR_CODES)[number];

/**
 * The README shipped in the package: src/errors/ in the repository and dist/errors/ in the
 * package both sit two folders below it.
 */
export const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));

/**
 * Where a code is explained: the README's section for it (GitHub's anchor of a `### CODE`
 * heading), as a path a reader opens from `cwd`, e.g. node_modules/isogate/README.md#isogate_usage.
 */
export function errorDocs(code: IsogateErrorCode, cwd: string = process.cwd()): string {
  const rel = relative(cwd, README_PATH);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? README_PATH : rel;
  return `${shown}#${code.toLowerCase()}`;
}

export interface IsogateErrorOptions {
  exitCode?: number;
  cause?: unknown;
  hint?: string;
}

export class IsogateError extends Error {
  readonly code: IsogateErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(code: IsogateErrorCode, message: string, options: IsogateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IsogateError';
    this.code = code;
    this.exitCode = options.exitCode ?? 3;
    this.hint = options.hint;
  }

  /** The text the CLI prints: never a stack trace. */
  describe(): string {
    const lines = [`${this.code}: ${this.message}`];
    if (this.hint !== undefined) lines.push(`  next: ${this.hint}`);
    lines.push(`  docs: ${errorDocs(this.code)}`);
    return lines.join('\n');
  }
}

export function isIsogateError(value: unknown): value is IsogateError {
  return value instanceof IsogateError;
}
