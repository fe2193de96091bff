import type { HistoryEntry } from './History.js';

const verb = (f: string): string => f.split(' ')[0] ?? f;

/**
 * The order in which the original run completed a concurrent group's operations (indices into
 * the group), read from its history: each completion of the step is matched to the first
 * operation of the group not yet matched with the same tenant and kind. Operations the history
 * holds no completion of (never started) follow in the group's order. Replaying the group one
 * operation at a time in this order puts each effect after what completed before it, as it was.
 */
export function completionOrder(
  story: readonly HistoryEntry[], step: number, group: ReadonlyArray<{ readonly process: number; readonly verb: string }>,
): number[] {
  const order: number[] = [];
  for (const e of story) {
    if (e.step !== step || e.type === 'invoke' || e.process === 'nemesis') continue;
    const i = group.findIndex((g, j) => !order.includes(j) && g.process === e.process && g.verb === verb(e.f));
    if (i >= 0) order.push(i);
  }
  return [...order, ...group.map((_g, j) => j).filter((j) => !order.includes(j))];
}
