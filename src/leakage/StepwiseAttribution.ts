import { describeOperation } from './FindingCause.js';
import type { HistoryEntry } from './History.js';
import { FINDING_CLASSES, type FindingClass, type LeakFinding } from './LeakFinding.js';
import type { LeakScenario } from './StoreScenario.js';
import type { ReplayWatch } from './WatchedRun.js';

/** The operations that can delete, or overwrite, another tenant's data. */
const EFFECTS: Partial<Record<FindingClass, readonly string[]>> = {
  'cross-tenant-delete': ['delete', 'clear'],
  'cross-tenant-write': ['put', 'append', 'create'],
};

const verb = (f: string): string => f.split(' ')[0] ?? f;

const suspect = (e: HistoryEntry, victim: number, kinds: readonly string[]): boolean =>
  e.type === 'invoke' && e.process !== 'nemesis' && e.process !== victim && kinds.includes(verb(e.f));

/**
 * The other tenant's operation that can have the effect: the very operation after which the
 * probe was taken (inside a concurrent group), else one of the probe's step in the replay's history.
 */
function culprit(history: readonly HistoryEntry[], probe: ReplayWatch['probes'][number], victim: number, kinds: readonly string[]): HistoryEntry | undefined {
  if (probe.op !== undefined) return suspect(probe.op, victim, kinds) ? probe.op : undefined;
  return history.find((e) => e.step === probe.step && suspect(e, victim, kinds));
}

/**
 * Which other tenant's operation deleted or overwrote the victim's data, found by replay: the
 * story runs again one step at a time (every finding passed over, so the run goes to its end),
 * the victim's data is read before the first step and after each (a concurrent group's operations
 * one at a time, in the order the original run completed them, read after each), and the first
 * step or operation after which it changed, another tenant's operation that can have that
 * effect, names the cause.
 * Changes the victim's own operations explain, and reads that failed (a fault), are passed over.
 * Undefined when the replay shows no such step (the effect did not recur).
 */
export async function attributeByReplay<T>(scenario: LeakScenario<T>, value: T, finding: LeakFinding, story: readonly HistoryEntry[]): Promise<string | undefined> {
  const kinds = EFFECTS[finding.class];
  const victim = finding.victim;
  if (kinds === undefined || victim === undefined) return undefined;
  const ignored = new Set(scenario.filter.ignored);
  const suppressed = scenario.filter.suppressed;
  const watch: ReplayWatch = { victim, story, probes: [], history: [] };
  for (const c of FINDING_CLASSES) scenario.filter.ignored.add(c);
  scenario.watch = watch;
  const lastFailure = scenario.lastFailure;
  try {
    await scenario.property(value);
  } catch {
    // A failure outside every check (the target or its Redis): the probes so far still count.
  } finally {
    scenario.watch = undefined;
    scenario.filter.ignored.clear();
    for (const c of ignored) scenario.filter.ignored.add(c);
    scenario.filter.suppressed = suppressed;
    scenario.lastFailure = lastFailure;
  }
  let before: string | undefined;
  for (const probe of watch.probes) {
    if (probe.seen.startsWith('error: ')) continue;
    const changed = before !== undefined && probe.seen !== before;
    before = probe.seen;
    if (!changed) continue;
    const e = culprit(watch.history, probe, victim.tenant, kinds);
    if (e === undefined) continue;
    // Named as the printed story names it: the same step's invoke of the same tenant there.
    const shown = story.find((s) => s.type === 'invoke' && s.step === e.step && s.process === e.process && s.f === e.f);
    return describeOperation(shown ?? e);
  }
  return undefined;
}

/** The finding with its cause replaced by the one the replay found (or marked as read from the history). */
export function withReplayedCause(finding: LeakFinding, cause: string | undefined): LeakFinding {
  if (EFFECTS[finding.class] === undefined || finding.victim === undefined) return finding;
  const base = finding.cause === undefined ? finding.message : finding.message.replace(`; caused by ${finding.cause}`, '');
  if (cause === undefined) {
    return finding.cause === undefined ? finding
      : { ...finding, message: `${base}; caused by ${finding.cause} (read from the history: the step-by-step replay did not show the change)` };
  }
  return { ...finding, cause, message: `${base}; caused by ${cause} (the first operation after which the victim's data changed, replaying the story step by step)` };
}
