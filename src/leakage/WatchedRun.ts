import fc from 'fast-check';
import { completionOrder } from './completionOrder.js';
import type { HistoryEntry } from './History.js';
import type { Victim } from './LeakFinding.js';
import type { SerialReplay } from './RunHarness.js';

/**
 * What a step-by-step replay saw of the victim's data: before the first step, then after each,
 * and inside a concurrent group after each of its operations (`op`: that operation's invoke).
 */
export interface ReplayWatch {
  readonly victim: Victim;
  /** The original run's history: the order its concurrent groups completed in. */
  readonly story: readonly HistoryEntry[];
  readonly probes: Array<{ readonly step: number; readonly seen: string; readonly op?: HistoryEntry }>;
  /** The replay's own history (its invokes name the operations of each step). */
  history: readonly HistoryEntry[];
}

/** A run that can read the victim's data between steps, and run a concurrent group one operation at a time. */
export interface Watchable {
  readonly steps: number;
  readonly history: { readonly entries: readonly HistoryEntry[] };
  probe(victim: Victim): Promise<string>;
  serial: SerialReplay | undefined;
}

/**
 * Runs a story's commands: as fast-check's model run, or (with a watch) one step at a time,
 * reading the victim's data before the first step and after each, with nothing in flight. A
 * concurrent group then runs one operation at a time in the order the original run completed
 * them, the victim's data read after each: a victim's write and the clear that wiped it, drawn
 * into one group, are otherwise one step that shows no change.
 */
export async function runCommands<M extends object, R extends Watchable>(
  setup: () => { model: M; real: R }, commands: Iterable<fc.AsyncCommand<M, R, boolean>>, watch: ReplayWatch | undefined,
): Promise<void> {
  if (watch === undefined) return fc.asyncModelRun(setup, commands);
  const { model, real } = setup();
  watch.history = real.history.entries;
  watch.probes.push({ step: 0, seen: await real.probe(watch.victim) });
  real.serial = {
    order: (step, group) => completionOrder(watch.story, step, group),
    after: async (op) => { watch.probes.push({ step: real.steps, seen: await real.probe(watch.victim), ...(op === undefined ? {} : { op }) }); },
  };
  for (const command of commands) {
    if (!command.check(model)) continue;
    await command.run(model, real);
    watch.probes.push({ step: real.steps, seen: await real.probe(watch.victim) });
  }
}
