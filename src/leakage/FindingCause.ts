import type { HistoryEntry } from './History.js';
import { tenantLabel } from './tenantLabel.js';

/** An operation as a finding names it: whose, what, on which key, at which step. */
export function describeOperation(e: HistoryEntry): string {
  const v = (e.value ?? {}) as { key?: unknown };
  const key = typeof v.key === 'string' ? ` ${JSON.stringify(v.key)}` : '';
  return `tenant ${tenantLabel(typeof e.process === 'number' ? e.process : 0)}'s ${e.f}${key} (step ${e.step})`;
}

const verb = (f: string): string => f.split(' ')[0] ?? f;

/**
 * A first attribution, read from the history: the latest other tenant's operation that could have
 * had the effect. It decides a finding's class while the search runs (when none could, no other
 * tenant was involved and the finding is functional); the reported cause is then established by
 * replaying the shrunk story step by step (StepwiseAttribution).
 */
/** The latest other tenant's delete or clear invoked before now. */
export function deletionCause(history: readonly HistoryEntry[], t: number): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i];
    if (e === undefined || e.type !== 'invoke' || e.process === 'nemesis' || e.process === t) continue;
    if (verb(e.f) === 'delete' || verb(e.f) === 'clear') return describeOperation(e);
  }
  return undefined;
}

/** The other tenant's write that carried `token` (its value), if the history holds it. */
export function writeCause(history: readonly HistoryEntry[], t: number, token: string): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i];
    if (e === undefined || e.type !== 'invoke' || e.process === 'nemesis' || e.process === t) continue;
    const v = (e.value ?? {}) as { value?: unknown };
    if (typeof v.value === 'string' && v.value.includes(token)) return describeOperation(e);
  }
  return undefined;
}
