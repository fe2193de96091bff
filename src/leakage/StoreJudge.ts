import { deletionCause, writeCause } from './FindingCause.js';
import type { ObservationTally } from './IsolationScore.js';
import type { FindingClass, Victim } from './LeakFinding.js';
import { contractBreach, outputText, preview } from './OutputShape.js';
import { realTimeOrders } from './realTimeOrders.js';
import type { Outcome, RunHarness } from './RunHarness.js';
import { StoreModel, type ModelVerdict } from './StoreModel.js';
import type { StoreOp } from './StoreStep.js';
import { describeTokens, foreignTokens, listedKeyOf, whereIn } from './TokenReport.js';
import { tenantLabel } from './tenantLabel.js';

export interface StoreTask {
  readonly op: StoreOp;
  readonly t: number;
  readonly key: string;
  readonly value: string | undefined;
  readonly promise: Promise<Outcome>;
  uncertain: boolean;
  /** On the run's clock of starts and completions: who could have seen whom. */
  readonly startTick: number;
}

/** An operation of a concurrent group whose effect on the model waits for its group to settle. */
export interface Settled {
  readonly task: StoreTask;
  /** The read's output; undefined for a write, or an operation whose outcome is unknown. */
  readonly value: unknown;
  readonly failed: boolean;
  readonly uncertain: boolean;
  readonly startTick: number;
  readonly doneTick: number;
  readonly who: string;
}

export interface StoreJudgeSetup {
  readonly run: number;
  readonly exact: boolean;
  readonly tally: ObservationTally;
  /** The key slot tenant `t`'s key `key` was drawn from, if the run used it. */
  readonly slotOf: (t: number, key: string) => number | undefined;
}

/**
 * The checks on a module target's outputs: other tenants' tokens (read leak, cross-tenant write),
 * the output contract, and (exact targets) the model, overlapping operations of one tenant judged
 * by linearizability. A finding names whose data it hit, for the step-by-step attribution replay.
 */
const READS: ReadonlySet<string> = new Set(['get', 'list', 'range']);

export class StoreJudge {
  constructor(private readonly setup: StoreJudgeSetup, private readonly harness: RunHarness) {}

  /**
   * A tenant's overlapping operations: the writes and point reads by linearizability (some order
   * consistent with real time explains every output); a listing entry by entry against the
   * states some such order passes through while it ran, since a listing over Redis (SCAN, KEYS
   * then GET) is no atomic snapshot.
   */
  linearize(t: number, entries: readonly Settled[], model: StoreModel): void {
    const judged = (e: Settled): boolean => this.setup.exact && !e.uncertain && !e.failed;
    const lists = entries.filter((e) => e.task.op.kind === 'list' && judged(e));
    const rest = entries.filter((e) => e.task.op.kind !== 'list');
    const explained: StoreModel[] = [];
    const during = new Map<Settled, StoreModel[]>(lists.map((l) => [l, []]));
    let firstWrong: { entry: Settled; verdict: { expected: string; lost: boolean } } | undefined;
    for (const order of realTimeOrders(rest)) {
      const m = model.clone();
      const states: Array<{ state: StoreModel; done: ReadonlySet<Settled> }> = [{ state: m.clone(), done: new Set() }];
      let wrong: typeof firstWrong;
      for (const [i, e] of order.entries()) {
        if (!this.applyWrite(e.task, m, !e.uncertain && !e.failed) && judged(e)) {
          const verdict = this.verdictOf(e.task, e.value, m);
          if (verdict.status === 'inconsistent') { wrong = { entry: e, verdict }; break; }
        }
        if (lists.length > 0) states.push({ state: m.clone(), done: new Set(order.slice(0, i + 1)) });
      }
      if (wrong !== undefined) { firstWrong ??= wrong; continue; }
      explained.push(m);
      // A state the listing may have seen part of: after everything that completed before it started, before anything that started after it completed.
      for (const [list, seen] of during) {
        for (const { state, done } of states) {
          const fits = rest.every((r) => (r.doneTick < list.startTick ? done.has(r) : r.startTick > list.doneTick ? !done.has(r) : true));
          if (fits) seen.push(state);
        }
      }
    }
    if (explained.length === 0) {
      if (firstWrong === undefined) return;
      const { entry, verdict } = firstWrong;
      this.lost(entry.task, `${entry.who} → returned ${preview(entry.value)}, expected ${verdict.expected} in every order of the ${entries.length} overlapping operations of this tenant`, verdict.lost);
      return;
    }
    model.adopt(t, explained);
    for (const [list, states] of during) {
      const verdict = StoreModel.checkListEntries(t, list.value as Array<[string, string]>, states);
      if (verdict.status === 'inconsistent') {
        this.lost(list.task, `${list.who} → returned ${preview(list.value)}, expected ${verdict.expected}, judging each entry against the ${entries.length - 1} operations of this tenant it overlapped`, verdict.lost);
        return;
      }
    }
  }

  /** A read that does not match the model: another tenant's delete or clear (the cause), or functional. */
  private lost(task: StoreTask, what: string, lost: boolean): void {
    const cause = lost ? deletionCause(this.harness.history.entries, task.t) : undefined;
    if (cause !== undefined) this.harness.fail('cross-tenant-delete', `${what} (its data was deleted)`, cause, this.victimOf(task));
    else this.harness.fail('functional', `${what} (a lost write or a stale read)`);
  }

  private victimOf(task: StoreTask, key?: string): Victim {
    const { op, t } = task;
    const slot = op.kind === 'list' && key !== undefined ? this.setup.slotOf(t, key) : undefined;
    if (slot !== undefined) return { tenant: t, read: 'get', slot };
    if (op.kind === 'get' || op.kind === 'range') return { tenant: t, read: op.kind, slot: op.slot };
    return { tenant: t, read: 'list' };
  }

  /** Judges a completed operation: at once, or (deferred) when its concurrent group settles. */
  settle(task: StoreTask, outcome: Outcome, model: StoreModel, deferred?: Settled[]): void {
    const doneTick = this.harness.nextTick();
    const { op, t } = task;
    const uncertain = task.uncertain || this.harness.inFaultWindow();
    const who = `tenant ${tenantLabel(t)} ${op.kind}${task.key === '' ? '' : ` ${JSON.stringify(task.key)}`}`;
    const observing = op.kind === 'get' || op.kind === 'list' || op.kind === 'range' || outcome.status === 'error';
    const output = outcome.status === 'ok' ? outcome.value : outcome.message;
    const foreign = foreignTokens(this.setup.run, t, outputText(output));
    if (observing) this.setup.tally.observe([...model.writers].filter((w) => w !== t).length, foreign.length);
    const later = (value: unknown, failed: boolean): void => {
      deferred?.push({ task, value, failed, uncertain, startTick: task.startTick, doneTick, who });
    };
    if (outcome.status === 'error') {
      this.harness.history.record('info', t, op.kind, outcome.message, this.harness.steps);
      if (deferred !== undefined) later(undefined, true);
      else this.applyWrite(task, model, false);
      if (foreign.length > 0) return this.harness.fail('read-leak-value', `${who} → its error message shows ${describeTokens(this.setup.run, foreign)}: ${preview(outcome.message)}`);
      // A read that fails while other operations of its tenant overlap it took no effect (a
      // failed read, as a linearizability checker counts it): a store that reads in several
      // commands (SCAN, then GET per key) may fail one racing a delete. Safety is not at stake;
      // a read that fails alone, or any failed write, still breaks the contract.
      if (deferred !== undefined && READS.has(op.kind)) return;
      if (!uncertain) this.harness.fail('contract', `${who} → expected it to succeed (the tenant id and key are inside the declared space), but it failed: ${preview(outcome.message)}`);
      return;
    }
    this.harness.history.record('ok', t, op.kind, outcome.value ?? null, this.harness.steps);
    if (foreign.length > 0) {
      this.applyWrite(task, model, false);
      return this.foreignFinding(task, outcome.value, foreign, model, who);
    }
    const breach = contractBreach(op.kind, outcome.value);
    if (breach !== undefined) {
      this.applyWrite(task, model, false);
      return this.harness.fail('contract', `${who} → expected ${breach}`);
    }
    if (deferred !== undefined) return later(outcome.value, false);
    if (this.applyWrite(task, model, !uncertain)) return;
    if (!this.setup.exact || uncertain) return;
    const verdict = this.verdictOf(task, outcome.value, model);
    if (verdict.status === 'inconsistent') this.lost(task, `${who} → returned ${preview(outcome.value)}, expected ${verdict.expected}`, verdict.lost);
  }

  /**
   * Another tenant's token in an output: its key names only (read-leak-keys), its value where
   * this tenant had written its own (the other's write overwrote it: cross-tenant-write), or
   * its value otherwise (read-leak-value).
   */
  private foreignFinding(task: StoreTask, value: unknown, foreign: readonly string[], model: StoreModel, who: string): void {
    const where = whereIn(value, foreign[0] ?? '');
    // A value token is matched whole (cnry<run>t<tenant>v<seq>z), or as far as its tenant mark when a store cut it short.
    const valueTokens = foreign.filter((tok) => /v(\d+z)?$/.test(tok));
    const seen = `${who} → saw ${describeTokens(this.setup.run, foreign)} ${where}`;
    const cls: FindingClass = task.op.kind === 'list' ? 'read-leak-keys' : 'read-leak-value';
    if (valueTokens.length === 0) return this.harness.fail(cls, seen);
    const token = valueTokens[0] ?? '';
    const ownKey = task.op.kind === 'list' ? listedKeyOf(value, token) : task.key;
    if (ownKey !== undefined && model.holdsOwn(task.t, ownKey)) {
      return this.harness.fail('cross-tenant-write', seen, writeCause(this.harness.history.entries, task.t, token), this.victimOf(task, ownKey));
    }
    this.harness.fail('read-leak-value', seen);
  }

  /** Applies a write to the model; returns false for reads. */
  private applyWrite(task: StoreTask, model: StoreModel, certain: boolean): boolean {
    const { op, t } = task;
    switch (op.kind) {
      case 'put': model.put(t, task.key, task.value ?? '', certain); return true;
      case 'delete': model.delete(t, task.key, certain); return true;
      case 'append': model.append(t, task.key, task.value ?? '', certain); return true;
      case 'clear': model.clear(t, certain); return true;
      default: return false;
    }
  }

  private verdictOf(task: StoreTask, value: unknown, model: StoreModel): ModelVerdict {
    const { op, t } = task;
    return op.kind === 'get' ? model.checkGet(t, task.key, value as string | null)
      : op.kind === 'list' ? model.checkList(t, value as Array<[string, string]>)
        : model.checkRange(t, task.key, value as string[]);
  }}
