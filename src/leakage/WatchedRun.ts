import fc from 'fast-check';
import type { HistoryEntry } from './History.js';
import type { Victim } from './LeakFinding.js';

/** What a step-by-step replay saw of the victim's data: before the first step, then after each. */
export interface ReplayWatch {
  readonly victim: Victim;
  readonly probes: Array<{ readonly step: number; readonly seen: string }>;
  /** The replay's own history (its invokes name the operations of each step). */
  history: readonly HistoryEntry[];
}

/** A run that can read the victim's data between steps. */
export interface Watchable {
  readonly steps: number;
  readonly history: { readonly entries: readonly HistoryEntry[] };
  probe(victim: Victim): Promise<string>;
}

/**
 * Runs a story's commands: as fast-check's model run, or (with a watch) one step at a time,
 * reading the victim's data before the first step and after each, with nothing in flight.
 */
export async function runCommands<M extends object, R extends Watchable>(
  setup: () => { model: M; real: R }, commands: Iterable<fc.AsyncCommand<M, R, boolean>>, watch: ReplayWatch | undefined,
): Promise<void> {
  if (watch === undefined) return fc.asyncModelRun(setup, commands);
  const { model, real } = setup();
  watch.history = real.history.entries;
  watch.probes.push({ step: 0, seen: await real.probe(watch.victim) });
  for (const command of commands) {
    if (!command.check(model)) continue;
    await command.run(model, real);
    watch.probes.push({ step: real.steps, seen: await real.probe(watch.victim) });
  }
}
