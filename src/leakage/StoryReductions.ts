import { StoreCommand } from './StoreCommand.js';
import type { StoreOp, StoreStep } from './StoreStep.js';
import type { KeySlot } from './TenantSpace.js';

/** One single removal from a story: an operation (a flip and a fault count as one), or a tenant. */
export interface Reduction<T> {
  readonly removes: 'operation' | 'tenant';
  readonly value: T;
}

/** A step with its operations: what removals take apart. */
interface Stepped<S> { readonly step: S }

/**
 * The scenario's own command inside a story: fast-check hands a shrunk story back with each
 * command wrapped (the wrapper keeps whether it ran), and removals rebuild from the command.
 */
export function unwrapCommand<C>(command: C | { readonly cmd: C }): C {
  return typeof command === 'object' && command !== null && 'cmd' in command ? command.cmd : command;
}

type Concurrent<Op> = { kind: 'concurrent'; ops: Op[]; schedule: number[]; fault?: unknown };

/**
 * Every story with one operation removed: an `op`, flip or fault step dropped, or one operation
 * of a concurrent group (or the fault fired inside it) taken out. `rebuild` wraps a step back
 * into the command the scenario runs.
 */
export function operationRemovals<S extends { kind: string }, C extends Stepped<S>>(commands: readonly C[], rebuild: (step: S) => C): C[][] {
  const out: C[][] = [];
  commands.forEach((command, i) => {
    const without = (replacement: C[]): C[] => [...commands.slice(0, i), ...replacement, ...commands.slice(i + 1)];
    const step = command.step as S & Partial<Concurrent<unknown>>;
    if (step.kind !== 'concurrent' || step.ops === undefined) {
      out.push(without([]));
      return;
    }
    step.ops.forEach((_op, j) => {
      const ops = step.ops?.filter((_o, k) => k !== j) ?? [];
      const emptied = ops.length === 0 && (step.fault === null || step.fault === undefined);
      out.push(without(emptied ? [] : [rebuild({ ...step, ops })]));
    });
    if (step.fault !== null && step.fault !== undefined) out.push(without([rebuild({ ...step, fault: null })]));
  });
  return out;
}

/** Tenant `t` removed from a step of `n` tenants: its operations go, later tenants' indices shift down. */
function withoutTenant(step: StoreStep, t: number, n: number): StoreStep | undefined {
  const keep = (tenant: number): boolean => tenant % n !== t;
  const shift = (tenant: number): number => (tenant % n > t ? (tenant % n) - 1 : tenant % n);
  const op = (o: StoreOp): StoreOp => ({ ...o, tenant: shift(o.tenant) });
  switch (step.kind) {
    case 'op': return keep(step.op.tenant) ? { kind: 'op', op: op(step.op) } : undefined;
    case 'concurrent': {
      const ops = step.ops.filter((o) => keep(o.tenant)).map(op);
      if (ops.length > 0) return { ...step, ops };
      return step.fault === null ? undefined : { kind: 'fault', fault: step.fault };
    }
    case 'flip':
      if (step.tenant === null) return step;
      return keep(step.tenant) ? { ...step, tenant: shift(step.tenant) } : undefined;
    case 'fault': return step;
  }
}

export type StoreStory = [commands: Iterable<StoreCommand>, tenants: string[], slots: KeySlot[]];

/**
 * Every single removal from a module story: each operation, and each tenant with all of its
 * operations (while one tenant is left). A local minimum is a story none of these reproduces.
 */
export function storeReductions([commands, tenants, slots]: StoreStory): Array<Reduction<StoreStory>> {
  const list = [...commands].map((c) => unwrapCommand<StoreCommand>(c));
  const operations = operationRemovals<StoreStep, StoreCommand>(list, (s) => new StoreCommand(s))
    .map((c): Reduction<StoreStory> => ({ removes: 'operation', value: [c, tenants, slots] }));
  const n = tenants.length;
  const fewerTenants = n <= 1 ? [] : tenants.map((_id, t): Reduction<StoreStory> => {
    const steps = list.map((c) => withoutTenant(c.step, t, n)).filter((s): s is StoreStep => s !== undefined);
    return { removes: 'tenant', value: [steps.map((s) => new StoreCommand(s)), tenants.filter((_x, j) => j !== t), slots] };
  });
  return [...operations, ...fewerTenants];
}
