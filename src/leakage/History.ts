/**
 * A Jepsen-style history: every operation is an `invoke` followed by exactly one completion:
 * `ok` (it happened, with its output), `fail` (it certainly did not happen), or `info` (unknown:
 * it may or may not have happened, e.g. under an injected fault). Flag flips and faults are
 * recorded as operations of the `nemesis` process.
 */
export type HistoryType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryEntry {
  readonly index: number;
  readonly type: HistoryType;
  /** Tenant index, or 'nemesis' for flips and faults. */
  readonly process: number | 'nemesis';
  readonly f: string;
  /** For invoke: the arguments; for completions: the output or the error message. */
  readonly value: unknown;
  /** Which step of the run (command number) this belongs to. */
  readonly step: number;
}

export class History {
  readonly entries: HistoryEntry[] = [];

  record(type: HistoryType, process: number | 'nemesis', f: string, value: unknown, step: number): void {
    this.entries.push({ index: this.entries.length, type, process, f, value, step });
  }

  /** Operations whose outcome is unknown: neither leaks nor losses are inferred from them. */
  get unknownOutcomes(): number {
    return this.entries.filter((e) => e.type === 'info').length;
  }

  get operations(): number {
    return this.entries.filter((e) => e.type === 'invoke').length;
  }

  /** Operations of tenants only (no flips or faults): what a throughput figure counts. */
  get tenantOperations(): number {
    return this.entries.filter((e) => e.type === 'invoke' && e.process !== 'nemesis').length;
  }
}
