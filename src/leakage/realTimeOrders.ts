/** An operation on the run's clock of starts and completions. */
export interface Timed {
  readonly startTick: number;
  readonly doneTick: number;
}

/**
 * Orders of `entries` that respect real time: an operation completed before another started
 * comes first. Linearizability asks whether one of them explains every output.
 */
export function realTimeOrders<E extends Timed>(entries: readonly E[]): E[][] {
  if (entries.length === 0) return [[]];
  const out: E[][] = [];
  entries.forEach((e, i) => {
    const rest = entries.filter((_, j) => j !== i);
    // e may go first only if nothing else completed before e started.
    if (rest.some((r) => r.doneTick < e.startTick)) return;
    for (const tail of realTimeOrders(rest)) out.push([e, ...tail]);
  });
  return out;
}
