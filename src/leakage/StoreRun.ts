import type { TenantStore } from '../targets/index.js';
import { keyToken, letterKeyToken, valueToken } from './CanaryToken.js';
import type { ObservationTally } from './IsolationScore.js';
import type { Victim } from './LeakFinding.js';
import { outputText } from './OutputShape.js';
import { RunHarness, withTimeout, type RunHarnessSetup, type SerialReplay } from './RunHarness.js';
import { StoreJudge, type Settled, type StoreTask } from './StoreJudge.js';
import type { StoreModel } from './StoreModel.js';
import type { StoreOp, StoreStep } from './StoreStep.js';
import type { KeySlot } from './TenantSpace.js';

export interface StoreRunSetup extends Omit<RunHarnessSetup, 'tenantIds'> {
  readonly store: TenantStore;
  readonly tenants: readonly string[];
  readonly slots: readonly KeySlot[];
  readonly run: number;
  readonly exact: boolean;
  /** The key space the target declared: tokens are appended to keys only where it allows. */
  readonly keyPattern: RegExp | undefined;
  /** The value space the target declared: a token alone is written where prefix + token would not fit. */
  readonly valuePattern?: RegExp | undefined;
  readonly tally: ObservationTally;
  readonly opTimeoutMs: number;
}

/**
 * The module side of one model-based run: executes steps against the target's store (the shared
 * skeleton is the RunHarness), and checks every output as it completes (tokens, contract, model).
 */
export class StoreRun {
  private readonly harness: RunHarness;
  private readonly judge: StoreJudge;
  private seq = 0;
  /** Per tenant and key slot ("t/slot"): the key this run uses. */
  private readonly keys = new Map<string, string>();

  constructor(private readonly setup: StoreRunSetup) {
    this.harness = new RunHarness({ ...setup, tenantIds: setup.tenants });
    const slotOf = (t: number, key: string): number | undefined => {
      const memo = [...this.keys].find(([m, k]) => k === key && m.startsWith(`${t}/`))?.[0];
      return memo === undefined ? undefined : Number(memo.slice(memo.indexOf('/') + 1));
    };
    this.judge = new StoreJudge({ ...setup, slotOf }, this.harness);
  }

  get history(): RunHarness['history'] {
    return this.harness.history;
  }

  get steps(): number {
    return this.harness.steps;
  }

  /** A step-by-step replay's hook: concurrent groups run one operation at a time. */
  get serial(): SerialReplay | undefined {
    return this.harness.serial;
  }

  set serial(serial: SerialReplay | undefined) {
    this.harness.serial = serial;
  }

  tenantOf(index: number): number {
    return this.harness.tenantOf(index);
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
    this.harness.nextStep();
    switch (step.kind) {
      case 'op': return this.complete(this.start(step.op), model);
      case 'concurrent': return this.concurrent(step, model);
      case 'flip': return this.harness.flip(step.flag, step.on, step.tenant);
      case 'fault': return this.harness.fault(step.fault);
    }
  }

  /** What tenant `victim.tenant` reads of the victim's data now, as text: a replay watches it change. */
  async probe(victim: Victim): Promise<string> {
    const t = this.tenantOf(victim.tenant);
    const tenant = this.setup.tenants[t] ?? '';
    const store = this.setup.store;
    const read = (): Promise<unknown> => victim.read === 'get' ? store.get(tenant, this.keyOf(t, victim.slot))
      : victim.read === 'range' ? (store.range?.(tenant, this.keyOf(t, victim.slot)) ?? Promise.resolve([]))
        : store.list(tenant);
    const outcome = await withTimeout(read, this.setup.opTimeoutMs);
    return outcome.status === 'ok' ? outputText(outcome.value ?? null) : `error: ${outcome.message}`;
  }

  /**
   * Operations of one group run at once, in the drawn interleaving. Several of one tenant may
   * overlap: they are judged by linearizability (some order of them, consistent with which
   * completed before which started, explains every output), not by completion order.
   */
  private async concurrent(step: Extract<StoreStep, { kind: 'concurrent' }>, model: StoreModel): Promise<void> {
    const { ops, fault } = step;
    const perTenant = new Map<number, number>();
    for (const op of ops) perTenant.set(this.tenantOf(op.tenant), (perTenant.get(this.tenantOf(op.tenant)) ?? 0) + 1);
    const settled: Settled[] = [];
    const all: StoreTask[] = [];
    let faultPending = fault !== null && this.setup.inject !== undefined;
    await this.harness.interleave(ops, step.schedule, {
      start: (op) => {
        const task = this.start(op);
        all.push(task);
        return task;
      },
      complete: (task) => this.complete(task, model, (perTenant.get(task.t) ?? 0) > 1 ? settled : undefined),
      afterStart: async () => {
        if (faultPending && fault !== null) {
          faultPending = false;
          for (const t of all) t.uncertain = true;
          await this.harness.fault(fault);
        }
        if (!faultPending && fault !== null) for (const t of all) t.uncertain = true;
      },
    });
    for (const t of new Set(settled.map((e) => e.task.t))) this.judge.linearize(t, settled.filter((e) => e.task.t === t), model);
  }

  private start(op: StoreOp): StoreTask {
    const t = this.tenantOf(op.tenant);
    const tenant = this.setup.tenants[t] ?? '';
    const store = this.setup.store;
    const key = 'slot' in op ? this.keyOf(t, op.slot) : '';
    const value = op.kind === 'put' || op.kind === 'append' ? this.valueOf(op.prefix, valueToken(this.setup.run, t, ++this.seq)) : undefined;
    const args = op.kind === 'list' || op.kind === 'clear' ? {} : value === undefined ? { key } : { key, value };
    this.history.record('invoke', t, op.kind, args, this.steps);
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
    const promise = withTimeout(call, this.setup.opTimeoutMs);
    return { op, t, key, value, promise, uncertain: this.harness.inFaultWindow(), startTick: this.harness.nextTick() };
  }

  private async complete(task: StoreTask, model: StoreModel, deferred?: Settled[]): Promise<void> {
    this.judge.settle(task, await task.promise, model, deferred);
  }


}
