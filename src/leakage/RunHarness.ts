import { History, type HistoryEntry } from './History.js';
import type { FindingClass, FindingFilter, Victim } from './LeakFinding.js';
import { outputText } from './OutputShape.js';
import type { RedisFault } from './StoreStep.js';
import { tenantLabel } from './tenantLabel.js';

/** The target's flags as a run flips them: by name, for all tenants (null) or one. */
export interface RunFlags {
  readonly names: readonly string[];
  set(flag: string, on: boolean, tenant: string | null): Promise<void>;
}

export interface RunHarnessSetup {
  /** The run's tenant ids, in order: operations name tenants by index, modulo their number. */
  readonly tenantIds: readonly string[];
  readonly flags: RunFlags | undefined;
  readonly inject: ((fault: RedisFault) => Promise<void>) | undefined;
  /** Classes already reported by an earlier search: not raised again. */
  readonly filter: FindingFilter;
}

/** How one target runs an operation: start it (undefined when it does not apply), then complete it. */
export interface OpDriver<Op, Task> {
  start(op: Op): Task | undefined;
  complete(task: Task): Promise<void>;
  /** After each start, before the next action: where a fault fires while operations are in flight. */
  afterStart?(task: Task): Promise<void>;
}

/**
 * Set by a step-by-step attribution replay: a concurrent group's operations then run one at a
 * time, in `order` (the order the original run completed them), and `after` reads the victim's
 * data after each, so an effect and its cause that shared a step are told apart.
 */
export interface SerialReplay {
  order(step: number, group: ReadonlyArray<{ readonly process: number; readonly verb: string }>): number[];
  /** After each operation completes; `op` is its invoke in the history. */
  after(op: HistoryEntry | undefined): Promise<void>;
}

/** Steps after a fault during which failures are unknown outcomes and reads may be stale. */
const FAULT_WINDOW = 2;

/**
 * What every run of a target shares, module or HTTP: the step counter and the fault window after
 * a fault, the nemesis (flag flips, Redis faults) recorded in the history, the run's clock of
 * starts and completions, the drawn interleaving of a concurrent group, and raising findings.
 */
export class RunHarness {
  readonly history = new History();
  private stepNo = 0;
  private faultWindowUntil = -1;
  private tick = 0;
  /** Set while a step-by-step replay runs (see SerialReplay). */
  serial: SerialReplay | undefined;

  constructor(private readonly setup: RunHarnessSetup) {}

  /** Steps run so far; the current step's number while one runs. */
  get steps(): number {
    return this.stepNo;
  }

  /** Starts the next step: what history entries and findings are numbered by. */
  nextStep(): number {
    return ++this.stepNo;
  }

  tenantOf(index: number): number {
    return index % this.setup.tenantIds.length;
  }

  /** A step within FAULT_WINDOW steps of a fault: failures are unknown outcomes, reads may be stale. */
  inFaultWindow(): boolean {
    return this.stepNo <= this.faultWindowUntil;
  }

  /** Ticks at every operation start and completion: who could have seen whom. */
  nextTick(): number {
    return ++this.tick;
  }

  async fault(fault: RedisFault): Promise<void> {
    if (this.setup.inject === undefined) return;
    const f = fault === 'drop' ? 'drop-connections' : 'restart-redis';
    this.history.record('invoke', 'nemesis', f, null, this.stepNo);
    try {
      await this.setup.inject(fault);
      this.history.record('ok', 'nemesis', f, null, this.stepNo);
    } catch (error) {
      this.history.record('info', 'nemesis', f, outputText(error instanceof Error ? error.message : error), this.stepNo);
    }
    this.faultWindowUntil = this.stepNo + FAULT_WINDOW;
  }

  async flip(flagIndex: number, on: boolean, tenantIndex: number | null): Promise<void> {
    const flags = this.setup.flags;
    if (flags === undefined || flags.names.length === 0) return;
    const flag = flags.names[flagIndex % flags.names.length] ?? '';
    const t = tenantIndex === null ? null : this.tenantOf(tenantIndex);
    const tenant = t === null ? null : (this.setup.tenantIds[t] ?? null);
    const args = { flag, on, tenant: t === null ? 'all' : tenantLabel(t) };
    this.history.record('invoke', 'nemesis', 'flip', args, this.stepNo);
    try {
      await flags.set(flag, on, tenant);
      this.history.record('ok', 'nemesis', 'flip', args, this.stepNo);
    } catch (error) {
      this.history.record('info', 'nemesis', 'flip', error instanceof Error ? error.message : outputText(error), this.stepNo);
    }
  }

  /**
   * Runs a concurrent group in the drawn interleaving: each schedule entry picks among the actions
   * available (complete an in-flight operation, or start the next one); 0 completes the oldest.
   * Starting is synchronous: consecutive starts overlap up to each operation's first await.
   */
  async interleave<Op extends { readonly tenant: number; readonly kind: string }, Task>(
    ops: readonly Op[], schedule: readonly number[], driver: OpDriver<Op, Task>,
  ): Promise<void> {
    if (this.serial !== undefined) return this.serially(ops, driver, this.serial);
    const queue = [...ops];
    const inflight: Task[] = [];
    let choice = 0;
    while (queue.length > 0 || inflight.length > 0) {
      const pick = (schedule[choice++] ?? 0) % (inflight.length + queue.length);
      if (pick < inflight.length) {
        const [task] = inflight.splice(pick, 1);
        if (task !== undefined) await driver.complete(task);
        continue;
      }
      const [op] = queue.splice(pick - inflight.length, 1);
      const task = op === undefined ? undefined : driver.start(op);
      if (task === undefined) continue;
      inflight.push(task);
      await driver.afterStart?.(task);
    }
  }

  /** A concurrent group one operation at a time, in the replay's order, the victim read after each. */
  private async serially<Op extends { readonly tenant: number; readonly kind: string }, Task>(
    ops: readonly Op[], driver: OpDriver<Op, Task>, serial: SerialReplay,
  ): Promise<void> {
    const order = serial.order(this.stepNo, ops.map((op) => ({ process: this.tenantOf(op.tenant), verb: op.kind })));
    for (const i of order) {
      const op = ops[i];
      const mark = this.history.entries.length;
      const task = op === undefined ? undefined : driver.start(op);
      if (task === undefined) continue;
      await driver.afterStart?.(task);
      await driver.complete(task);
      await serial.after(this.history.entries.slice(mark).find((e) => e.type === 'invoke' && e.process !== 'nemesis'));
    }
  }

  /** Raises a finding (unless its class is ignored); the caller stops checking the operation. */
  fail(cls: FindingClass, message: string, cause?: string, victim?: Victim): void {
    const why = cls === 'functional' ? ' (functional: fails the verdict only because the target declares exact: true)' : '';
    const by = cause === undefined ? '' : `; caused by ${cause}`;
    this.setup.filter.raise({
      class: cls, message: `${message}${by}${why}`, step: this.stepNo,
      ...(cause === undefined ? {} : { cause }), ...(victim === undefined ? {} : { victim }),
    });
  }
}

/** An operation's outcome: its output, or why it failed (an error, or no answer in time). */
export type Outcome = { status: 'ok'; value: unknown } | { status: 'error'; message: string };

/** Calls `call` and settles within `timeoutMs`: never rejects, whatever the target does. */
export function withTimeout(call: () => Promise<unknown>, timeoutMs: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'error', message: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  let invoked: Promise<unknown>;
  try {
    invoked = call();
  } catch (error) {
    invoked = Promise.reject(error);
  }
  const settled = Promise.resolve(invoked).then(
    (value): Outcome => ({ status: 'ok', value }),
    (error: unknown): Outcome => ({ status: 'error', message: error instanceof Error ? error.message : outputText(error) }),
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
