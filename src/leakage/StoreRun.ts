import type { TenantStore } from '../targets/index.js';
import { findTokens, keyToken, letterKeyToken, valueToken } from './CanaryToken.js';
import { History } from './History.js';
import type { ObservationTally } from './IsolationScore.js';
import { deletionCause, writeCause } from './FindingCause.js';
import type { FindingClass, FindingFilter } from './LeakFinding.js';
import { contractBreach, outputText, preview } from './OutputShape.js';
import type { ModelVerdict, StoreModel } from './StoreModel.js';
import type { RedisFault, StoreOp, StoreStep } from './StoreStep.js';
import type { KeySlot } from './TenantSpace.js';
import { tenantLabel } from './tenantLabel.js';

export interface StoreRunSetup {
  readonly store: TenantStore;
  readonly tenants: readonly string[];
  readonly slots: readonly KeySlot[];
  readonly run: number;
  readonly exact: boolean;
  /** The key space the target declared: tokens are appended to keys only where it allows. */
  readonly keyPattern: RegExp | undefined;
  /** The value space the target declared: a token alone is written where prefix + token would not fit. */
  readonly valuePattern?: RegExp | undefined;
  readonly flags: { readonly names: readonly string[]; set(flag: string, on: boolean, tenant: string | null): Promise<void> } | undefined;
  readonly inject: ((fault: RedisFault) => Promise<void>) | undefined;
  readonly tally: ObservationTally;
  readonly opTimeoutMs: number;
  /** Classes already reported by an earlier search: not raised again. */
  readonly filter: FindingFilter;
}

type Outcome = { status: 'ok'; value: unknown } | { status: 'error'; message: string };

interface Task {
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
interface Settled {
  readonly task: Task;
  /** The read's output; undefined for a write, or an operation whose outcome is unknown. */
  readonly value: unknown;
  readonly failed: boolean;
  readonly uncertain: boolean;
  readonly doneTick: number;
  readonly who: string;
}

/** Steps after a fault during which failures are unknown outcomes and reads may be stale. */
const FAULT_WINDOW = 2;

/**
 * The real side of one model-based run: executes steps against the target, records the
 * history, and checks every output as it completes (tokens, contract, exact model).
 */
export class StoreRun {
  readonly history = new History();
  private seq = 0;
  private stepNo = 0;
  private faultWindowUntil = -1;
  private tick = 0;
  private readonly keys = new Map<string, string>();

  constructor(private readonly setup: StoreRunSetup) {}

  get steps(): number {
    return this.stepNo;
  }

  tenantOf(index: number): number {
    return index % this.setup.tenants.length;
  }

  keyOf(t: number, slotIndex: number): string {
    const memo = `${t}/${slotIndex}`;
    const known = this.keys.get(memo);
    if (known !== undefined) return known;
    const slot = this.setup.slots[slotIndex % this.setup.slots.length] ?? { base: 'k', tokened: true };
    const fits = (k: string): boolean => this.setup.keyPattern === undefined || this.setup.keyPattern.test(k);
    const candidates = slot.tokened
      ? [slot.base + keyToken(this.setup.run, t), slot.base + letterKeyToken(this.setup.run, t), keyToken(this.setup.run, t), slot.base]
      : [slot.base];
    const key = candidates.find(fits) ?? slot.base;
    this.keys.set(memo, key);
    return key;
  }

  private valueOf(prefix: string, token: string): string {
    const pattern = this.setup.valuePattern;
    if (pattern === undefined || pattern.test(prefix + token)) return prefix + token;
    return pattern.test(token) ? token : prefix + token;
  }

  async execute(step: StoreStep, model: StoreModel): Promise<void> {
    this.stepNo++;
    switch (step.kind) {
      case 'op': {
        const task = this.start(step.op);
        await this.complete(task, model);
        return;
      }
      case 'concurrent':
        await this.concurrent(step.ops, step.schedule, step.fault, model);
        return;
      case 'flip':
        await this.flip(step.flag, step.on, step.tenant);
        return;
      case 'fault':
        await this.fault(step.fault);
        return;
    }
  }

  private inFaultWindow(): boolean {
    return this.stepNo <= this.faultWindowUntil;
  }

  private async fault(fault: RedisFault): Promise<void> {
    if (this.setup.inject === undefined) return;
    this.history.record('invoke', 'nemesis', fault === 'drop' ? 'drop-connections' : 'restart-redis', null, this.stepNo);
    try {
      await this.setup.inject(fault);
      this.history.record('ok', 'nemesis', fault === 'drop' ? 'drop-connections' : 'restart-redis', null, this.stepNo);
    } catch (error) {
      this.history.record('info', 'nemesis', fault === 'drop' ? 'drop-connections' : 'restart-redis', outputText(error instanceof Error ? error.message : error), this.stepNo);
    }
    this.faultWindowUntil = this.stepNo + FAULT_WINDOW;
  }

  private async flip(flagIndex: number, on: boolean, tenantIndex: number | null): Promise<void> {
    const flags = this.setup.flags;
    if (flags === undefined || flags.names.length === 0) return;
    const flag = flags.names[flagIndex % flags.names.length] ?? '';
    const t = tenantIndex === null ? null : this.tenantOf(tenantIndex);
    const tenant = t === null ? null : (this.setup.tenants[t] ?? null);
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
   * Operations of one group run at once, in the drawn interleaving. Several of one tenant may
   * overlap: they are judged by linearizability (some order of them, consistent with which
   * completed before which started, explains every output), not by completion order.
   */
  private async concurrent(ops: readonly StoreOp[], schedule: readonly number[], fault: RedisFault | null, model: StoreModel): Promise<void> {
    const queue = [...ops];
    const perTenant = new Map<number, number>();
    for (const op of ops) perTenant.set(this.tenantOf(op.tenant), (perTenant.get(this.tenantOf(op.tenant)) ?? 0) + 1);
    const settled: Settled[] = [];
    const inflight: Task[] = [];
    const all: Task[] = [];
    let choice = 0;
    let faultPending = fault !== null && this.setup.inject !== undefined;
    while (queue.length > 0 || inflight.length > 0) {
      const actions = inflight.length + (queue.length > 0 ? queue.length : 0);
      const pick = (schedule[choice++] ?? 0) % actions;
      if (pick < inflight.length) {
        const [task] = inflight.splice(pick, 1);
        if (task !== undefined) await this.complete(task, model, (perTenant.get(task.t) ?? 0) > 1 ? settled : undefined);
        continue;
      }
      // Starting is synchronous: consecutive starts overlap up to each operation's first await.
      const [op] = queue.splice(pick - inflight.length, 1);
      if (op === undefined) continue;
      const task = this.start(op);
      inflight.push(task);
      all.push(task);
      if (faultPending && fault !== null) {
        faultPending = false;
        for (const t of all) t.uncertain = true;
        await this.fault(fault);
      }
      if (!faultPending && fault !== null) for (const t of all) t.uncertain = true;
    }
    for (const t of new Set(settled.map((e) => e.task.t))) this.linearize(t, settled.filter((e) => e.task.t === t), model);
  }

  /** Orders of `entries` that respect real time: an operation completed before another started comes first. */
  private static orders(entries: readonly Settled[]): Settled[][] {
    if (entries.length === 0) return [[]];
    const out: Settled[][] = [];
    entries.forEach((e, i) => {
      const rest = entries.filter((_, j) => j !== i);
      // e may go first only if nothing else completed before e started.
      if (rest.some((r) => r.doneTick < e.task.startTick)) return;
      for (const tail of StoreRun.orders(rest)) out.push([e, ...tail]);
    });
    return out;
  }

  private linearize(t: number, entries: readonly Settled[], model: StoreModel): void {
    const judged = this.setup.exact;
    const explained: StoreModel[] = [];
    let firstWrong: { entry: Settled; verdict: { expected: string; lost: boolean } } | undefined;
    for (const order of StoreRun.orders(entries)) {
      const m = model.clone();
      let wrong: typeof firstWrong;
      for (const e of order) {
        if (this.applyWrite(e.task, m, !e.uncertain && !e.failed)) continue;
        if (!judged || e.uncertain || e.failed) continue;
        const verdict = this.verdictOf(e.task, e.value, m);
        if (verdict.status === 'inconsistent') { wrong = { entry: e, verdict }; break; }
      }
      if (wrong === undefined) explained.push(m);
      else firstWrong ??= wrong;
    }
    if (explained.length > 0) {
      model.adopt(t, explained);
      return;
    }
    if (firstWrong === undefined) return;
    const { entry, verdict } = firstWrong;
    const what = `${entry.who} → returned ${preview(entry.value)}, expected ${verdict.expected} in every order of the ${entries.length} overlapping operations of this tenant`;
    const cause = verdict.lost ? deletionCause(this.history.entries, t) : undefined;
    if (cause !== undefined) this.fail('cross-tenant-delete', `${what} (its data was deleted)`, cause);
    else this.fail('functional', `${what} (a lost write or a stale read)`);
  }

  private start(op: StoreOp): Task {
    const t = this.tenantOf(op.tenant);
    const tenant = this.setup.tenants[t] ?? '';
    const store = this.setup.store;
    const key = 'slot' in op ? this.keyOf(t, op.slot) : '';
    const value = op.kind === 'put' || op.kind === 'append' ? this.valueOf(op.prefix, valueToken(this.setup.run, t, ++this.seq)) : undefined;
    const args = op.kind === 'list' || op.kind === 'clear' ? {} : value === undefined ? { key } : { key, value };
    this.history.record('invoke', t, op.kind, args, this.stepNo);
    const call = (): Promise<unknown> => {
      switch (op.kind) {
        case 'put': return store.put(tenant, key, value ?? '');
        case 'get': return store.get(tenant, key);
        case 'list': return store.list(tenant);
        case 'delete': return store.delete(tenant, key);
        case 'append': return store.append === undefined ? Promise.resolve() : store.append(tenant, key, value ?? '');
        case 'range': return store.range === undefined ? Promise.resolve([]) : store.range(tenant, key);
        case 'clear': return store.clear === undefined ? Promise.resolve() : store.clear(tenant);
      }
    };
    const promise = this.withTimeout(call);
    return { op, t, key, value, promise, uncertain: this.inFaultWindow(), startTick: ++this.tick };
  }

  private withTimeout(call: () => Promise<unknown>): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'error', message: `no answer within ${this.setup.opTimeoutMs} ms` }), this.setup.opTimeoutMs);
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

  /** Raises a finding (unless its class is ignored); the caller stops checking the operation. */
  private fail(cls: FindingClass, message: string, cause?: string): void {
    const why = cls === 'functional' ? ' (functional: fails the verdict only because the target declares exact: true)' : '';
    const by = cause === undefined ? '' : `; caused by ${cause}`;
    this.setup.filter.raise({ class: cls, message: `${message}${by}${why}`, step: this.stepNo, ...(cause === undefined ? {} : { cause }) });
  }

  private async complete(task: Task, model: StoreModel, deferred?: Settled[]): Promise<void> {
    const outcome = await task.promise;
    const doneTick = ++this.tick;
    const { op, t } = task;
    const uncertain = task.uncertain || this.inFaultWindow();
    const who = `tenant ${tenantLabel(t)} ${op.kind}${task.key === '' ? '' : ` ${JSON.stringify(task.key)}`}`;
    const observing = op.kind === 'get' || op.kind === 'list' || op.kind === 'range' || outcome.status === 'error';
    const output = outcome.status === 'ok' ? outcome.value : outcome.message;
    const foreign = this.foreignTokens(t, outputText(output));
    if (observing) this.setup.tally.observe([...model.writers].filter((w) => w !== t).length, foreign.length);
    if (outcome.status === 'error') {
      this.history.record('info', t, op.kind, outcome.message, this.stepNo);
      if (deferred !== undefined) deferred.push({ task, value: undefined, failed: true, uncertain, doneTick, who });
      else this.applyWrite(task, model, false);
      if (foreign.length > 0) return this.fail('read-leak-value', `${who} → its error message shows ${this.describeTokens(foreign)}: ${preview(outcome.message)}`);
      if (!uncertain) this.fail('contract', `${who} → expected it to succeed (the tenant id and key are inside the declared space), but it failed: ${preview(outcome.message)}`);
      return;
    }
    this.history.record('ok', t, op.kind, outcome.value ?? null, this.stepNo);
    if (foreign.length > 0) {
      this.applyWrite(task, model, false);
      return this.foreignFinding(task, outcome.value, foreign, model, who);
    }
    const breach = contractBreach(op.kind, outcome.value);
    if (breach !== undefined) {
      this.applyWrite(task, model, false);
      return this.fail('contract', `${who} → expected ${breach}`);
    }
    if (deferred !== undefined) {
      deferred.push({ task, value: outcome.value, failed: false, uncertain, doneTick, who });
      return;
    }
    if (this.applyWrite(task, model, !uncertain)) return;
    if (!this.setup.exact || uncertain) return;
    this.checkRead(task, outcome.value, model, who);
  }

  /**
   * Another tenant's token in an output: its key names only (read-leak-keys), its value where
   * this tenant had written its own (the other's write overwrote it: cross-tenant-write), or
   * its value otherwise (read-leak-value).
   */
  private foreignFinding(task: Task, value: unknown, foreign: readonly string[], model: StoreModel, who: string): void {
    const where = this.whereIn(value, foreign[0] ?? '');
    const valueTokens = foreign.filter((tok) => /v\d+z$/.test(tok));
    const seen = `${who} → saw ${this.describeTokens(foreign)} ${where}`;
    if (valueTokens.length === 0) return this.fail(task.op.kind === 'list' ? 'read-leak-keys' : 'read-leak-value', seen);
    const token = valueTokens[0] ?? '';
    const ownKey = task.op.kind === 'list' ? this.listedKeyOf(value, token) : task.key;
    if (ownKey !== undefined && model.holdsOwn(task.t, ownKey)) {
      return this.fail('cross-tenant-write', seen, writeCause(this.history.entries, task.t, token));
    }
    this.fail('read-leak-value', seen);
  }

  private listedKeyOf(value: unknown, token: string): string | undefined {
    if (!Array.isArray(value)) return undefined;
    for (const entry of value as unknown[]) {
      if (Array.isArray(entry) && entry.length === 2 && outputText(entry[1]).includes(token) && typeof entry[0] === 'string') return entry[0];
    }
    return undefined;
  }

  /** Applies a write to the model; returns false for reads. */
  private applyWrite(task: Task, model: StoreModel, certain: boolean): boolean {
    const { op, t } = task;
    switch (op.kind) {
      case 'put': model.put(t, task.key, task.value ?? '', certain); return true;
      case 'delete': model.delete(t, task.key, certain); return true;
      case 'append': model.append(t, task.key, task.value ?? '', certain); return true;
      case 'clear': model.clear(t, certain); return true;
      default: return false;
    }
  }

  private verdictOf(task: Task, value: unknown, model: StoreModel): ModelVerdict {
    const { op, t } = task;
    return op.kind === 'get' ? model.checkGet(t, task.key, value as string | null)
      : op.kind === 'list' ? model.checkList(t, value as Array<[string, string]>)
        : model.checkRange(t, task.key, value as string[]);
  }

  private checkRead(task: Task, value: unknown, model: StoreModel, who: string): void {
    const { t } = task;
    const verdict = this.verdictOf(task, value, model);
    if (verdict.status === 'inconsistent') {
      const cause = verdict.lost ? deletionCause(this.history.entries, t) : undefined;
      const what = `${who} → returned ${preview(value)}, expected ${verdict.expected}`;
      if (cause !== undefined) this.fail('cross-tenant-delete', `${what} (its data was deleted)`, cause);
      else this.fail('functional', `${what} (a lost write or a stale read)`);
    }
  }

  private foreignTokens(t: number, text: string): string[] {
    const tokens = findTokens(text).filter((tok) => tok.run !== this.setup.run || tok.tenant !== t);
    return [...new Set(tokens.map((tok) => tok.text))];
  }

  private describeTokens(tokens: readonly string[]): string {
    const owners = [...new Set(tokens.map((text) => findTokens(text)[0]).filter((tok) => tok !== undefined)
      .map((tok) => (tok.run === this.setup.run ? `tenant ${tenantLabel(tok.tenant)}'s` : `run ${tok.run}'s tenant ${tenantLabel(tok.tenant)}'s`)))];
    return `${owners.join(' and ')} token${tokens.length > 1 ? 's' : ''} ${tokens.slice(0, 3).join(', ')}`;
  }

  private whereIn(value: unknown, token: string): string {
    if (Array.isArray(value)) {
      for (const entry of value as unknown[]) {
        if (Array.isArray(entry) && entry.length === 2) {
          if (outputText(entry[0]).includes(token)) return `in a key: ${preview(entry)}`;
          if (outputText(entry[1]).includes(token)) return `in a value: ${preview(entry)}`;
        } else if (outputText(entry).includes(token)) return `in an entry: ${preview(entry)}`;
      }
    }
    return `in the output ${preview(value)}`;
  }
}
