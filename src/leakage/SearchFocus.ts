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
  /**
   * The counterexample's own steps (module targets): a focused round also replays them with each
   * operation's tenant drawn anew, so the story that showed one class is told with a relative in
   * some of the roles (the clear that left `Acme`'s keys, with `acme`'s put and read around it).
   */
  readonly steps?: readonly unknown[];
}

/** Runs of a focused round at most (and never more than the budget has left). */
export const FOCUS_RUNS = 30;

/** The focus of a failing run: its tenants and key slots (and its steps, where the scenario reads them). */
export function focusOf(run: { readonly tenants: readonly string[]; readonly slots: readonly KeySlot[] }, steps?: readonly unknown[]): SearchFocus {
  return {
    tenants: [...run.tenants], slots: run.slots.map((s) => ({ base: s.base, tokened: s.tokened })),
    ...(steps === undefined || steps.length === 0 ? {} : { steps: [...steps] }),
  };
}
