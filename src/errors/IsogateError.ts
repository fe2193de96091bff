/**
 * Every error a user can see. The `code` is stable (scripts and CI match on it); the message
 * says what was expected, what was found, and what to do next. `exitCode` carries the meaning
 * the CLI gives it (design.md: 3 is a usage or configuration error).
 */
export type IsogateErrorCode =
  | 'ISOGATE_CONFIG_INVALID'
  | 'ISOGATE_CONFIG_NOT_FOUND'
  | 'ISOGATE_USAGE'
  | 'ISOGATE_REDIS_UNAVAILABLE'
  | 'ISOGATE_REDIS_FOREIGN_KEYS'
  | 'ISOGATE_REDIS_START_FAILED'
  | 'ISOGATE_TARGET_INVALID'
  | 'ISOGATE_TARGET_LOAD_FAILED'
  | 'ISOGATE_EVIDENCE_INVALID'
  | 'ISOGATE_AUDIT_PROJECT'
  | 'ISOGATE_LOAD_FAILED'
  | 'ISOGATE_DRILL_FAILED'
  | 'ISOGATE_GATE_ORDER'
  | 'ISOGATE_SIGNOFF_REFUSED'
  | 'ISOGATE_SERVICE_START_FAILED'
  | 'ISOGATE_PROMETHEUS_FAILED'
  | 'ISOGATE_INTERNAL';

export const DOCS_URL = 'https://github.com/isogate/isogate#errors';

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
    lines.push(`  docs: ${DOCS_URL}`);
    return lines.join('\n');
  }
}

export function isIsogateError(value: unknown): value is IsogateError {
  return value instanceof IsogateError;
}
