/**
 * What a run found, by class. Every class but `functional` is an isolation failure and fails the
 * verdict; `functional` (a tenant's own data wrong with no other tenant involved) fails it only
 * when the target declares exact semantics.
 * - `read-leak-value`: an output or error showed another tenant's value (or served its resource).
 * - `read-leak-keys`: an output showed another tenant's key names, not its values.
 * - `cross-tenant-write`: another tenant's write landed on this tenant's key.
 * - `cross-tenant-delete`: another tenant's delete or clear removed this tenant's data.
 * - `shared-storage`: one Redis key holds the data of two tenants.
 * - `outside-namespace`: a key the run wrote lies outside the run namespace (or outside the
 *   tenant's declared key space, when one is declared).
 * - `contract`: an output of the wrong shape, or a refusal of an id inside the declared space.
 * - `functional`: a lost write or stale read of the tenant's own data.
 */
export const FINDING_CLASSES = [
  'read-leak-value', 'read-leak-keys', 'cross-tenant-write', 'cross-tenant-delete',
  'shared-storage', 'outside-namespace', 'contract', 'functional',
] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];

/** Found by the keyspace check after a run, not by an operation's output. */
export const KEYSPACE_CLASSES: readonly FindingClass[] = ['shared-storage', 'outside-namespace'];

export interface LeakFinding {
  readonly class: FindingClass;
  /** One line: what was expected and what was seen. */
  readonly message: string;
  /** Step (command number) where it was seen; -1 for the after-run keyspace check. */
  readonly step: number;
  /** The other tenant's operation that caused a deletion or overwrite, when one did. */
  readonly cause?: string;
  /** Whose data a deletion or overwrite hit: what a step-by-step replay watches to find the cause. */
  readonly victim?: Victim;
}

/**
 * The data a finding says was deleted or overwritten, by index (stable across replays of one
 * story, where run tokens and key names change): a tenant's key slot read with `get` or `range`,
 * its whole listing, or (HTTP) the n-th resource the run created.
 */
export type Victim =
  | { readonly tenant: number; readonly read: 'get' | 'range'; readonly slot: number }
  | { readonly tenant: number; readonly read: 'list' }
  | { readonly tenant: number; readonly read: 'resource'; readonly entry: number };

/** Thrown inside a property run so fast-check shrinks it; never escapes the engine. */
export class LeakFindingError extends Error {
  readonly finding: LeakFinding;

  constructor(finding: LeakFinding) {
    super(`${finding.class}: ${finding.message}`);
    this.name = 'LeakFindingError';
    this.finding = finding;
  }
}

export function isLeakFindingError(value: unknown): value is LeakFindingError {
  return value instanceof LeakFindingError;
}

/**
 * Findings of classes already reported are ignored by later searches, so that one bug does not
 * hide another; a run that meets only ignored findings goes on as if it passed.
 */
export class FindingFilter {
  readonly ignored = new Set<FindingClass>();
  suppressed = 0;

  /** Throws the finding unless its class is ignored (then counts it and returns). */
  raise(finding: LeakFinding): void {
    if (this.ignored.has(finding.class)) {
      this.suppressed++;
      return;
    }
    throw new LeakFindingError(finding);
  }
}
