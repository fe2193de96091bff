/**
 * What a run found. `leak`: an output, error or Redis key showed another tenant's token.
 * `contract`: an output of the wrong shape, or a refusal of an id inside the declared space.
 * `model`: a lost write or stale read where the target declares exact semantics.
 * `keyspace`: a Redis key holding a tenant's token outside that tenant's key space.
 */
export type FindingKind = 'leak' | 'contract' | 'model' | 'keyspace';

export interface LeakFinding {
  readonly kind: FindingKind;
  /** One line: what was expected and what was seen. */
  readonly message: string;
  /** Step (command number) where it was seen; -1 for the after-run keyspace check. */
  readonly step: number;
}

/** Thrown inside a property run so fast-check shrinks it; never escapes the engine. */
export class LeakFindingError extends Error {
  readonly finding: LeakFinding;

  constructor(finding: LeakFinding) {
    super(`${finding.kind}: ${finding.message}`);
    this.name = 'LeakFindingError';
    this.finding = finding;
  }
}

export function isLeakFindingError(value: unknown): value is LeakFindingError {
  return value instanceof LeakFindingError;
}
