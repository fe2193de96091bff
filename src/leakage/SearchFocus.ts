import type { KeySlot } from './TenantSpace.js';

/**
 * The tenants and keys of a counterexample's story (after its local minimum): a later round of
 * the search draws its stories around them, so a collision already found (two ids, or an id and
 * a key, that the target maps onto one) is tried with other operations, and an id the target
 * mishandles alone is tried beside its relatives. A counterexample found in such a round records
 * its focus: the replay draws from the same focused arbitrary.
 */
export interface SearchFocus {
  readonly tenants: readonly string[];
  readonly slots: readonly KeySlot[];
}

/** Runs of a focused round at most (and never more than the budget has left). */
export const FOCUS_RUNS = 30;

/** The focus of a failing run: its tenants and key slots. */
export function focusOf(run: { readonly tenants: readonly string[]; readonly slots: readonly KeySlot[] }): SearchFocus {
  return { tenants: [...run.tenants], slots: run.slots.map((s) => ({ base: s.base, tokened: s.tokened })) };
}
