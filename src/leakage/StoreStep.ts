import fc from 'fast-check';
import { valuePrefixArbitrary } from './TenantSpace.js';

/** Every TenantStore operation; optional ones are drawn only when the target has them. */
export const OP_KINDS = ['put', 'get', 'list', 'delete', 'append', 'range', 'clear'] as const;
export type OpKind = (typeof OP_KINDS)[number];

/** Tenant and slot are indices taken modulo the run's tenants and key slots. */
export type StoreOp =
  | { kind: 'put'; tenant: number; slot: number; prefix: string }
  | { kind: 'get'; tenant: number; slot: number }
  | { kind: 'list'; tenant: number }
  | { kind: 'delete'; tenant: number; slot: number }
  | { kind: 'append'; tenant: number; slot: number; prefix: string }
  | { kind: 'range'; tenant: number; slot: number }
  | { kind: 'clear'; tenant: number };

export type RedisFault = 'drop' | 'restart';

/**
 * One command of a run. `concurrent` runs operations of different tenants at once; its
 * `schedule` is the interleaving, drawn as a plain array so that it shrinks: each entry picks
 * among the actions available at that point (complete an in-flight operation, or start the
 * next one), and 0 is always "complete the oldest", so a shrunk schedule is as sequential as
 * the bug allows. An optional fault fires while its operations are in flight.
 */
export type StoreStep =
  | { kind: 'op'; op: StoreOp }
  | { kind: 'concurrent'; ops: StoreOp[]; schedule: number[]; fault: RedisFault | null }
  | { kind: 'flip'; flag: number; on: boolean; tenant: number | null }
  | { kind: 'fault'; fault: RedisFault };

export interface StepSpace {
  readonly ops: readonly OpKind[];
  readonly flags: number;
  readonly perTenantFlags: boolean;
  readonly faults: readonly RedisFault[];
  readonly concurrency: boolean;
  /** The target's declared value space; undefined: well-formed Unicode. */
  readonly valuePattern?: RegExp | undefined;
}

const WEIGHTS: Record<OpKind, number> = { put: 5, get: 5, list: 3, delete: 1, append: 2, range: 2, clear: 2 };

/** Biased toward the first two tenants (often a derived prefix pair): leaks need two tenants to meet. */
const tenantIndex = fc.oneof({ weight: 3, arbitrary: fc.nat(1) }, { weight: 2, arbitrary: fc.nat(7) });
const slotIndex = fc.nat(2);

function opArbitrary(kind: OpKind, valuePattern: RegExp | undefined): fc.Arbitrary<StoreOp> {
  switch (kind) {
    case 'put': return fc.record({ kind: fc.constant('put' as const), tenant: tenantIndex, slot: slotIndex, prefix: valuePrefixArbitrary(valuePattern) });
    case 'append': return fc.record({ kind: fc.constant('append' as const), tenant: tenantIndex, slot: slotIndex, prefix: valuePrefixArbitrary(valuePattern) });
    case 'get': return fc.record({ kind: fc.constant('get' as const), tenant: tenantIndex, slot: slotIndex });
    case 'delete': return fc.record({ kind: fc.constant('delete' as const), tenant: tenantIndex, slot: slotIndex });
    case 'range': return fc.record({ kind: fc.constant('range' as const), tenant: tenantIndex, slot: slotIndex });
    case 'list': return fc.record({ kind: fc.constant('list' as const), tenant: tenantIndex });
    case 'clear': return fc.record({ kind: fc.constant('clear' as const), tenant: tenantIndex });
  }
}

export function storeOpArbitrary(kinds: readonly OpKind[], valuePattern?: RegExp): fc.Arbitrary<StoreOp> {
  return fc.oneof(...kinds.map((k) => ({ weight: WEIGHTS[k], arbitrary: opArbitrary(k, valuePattern) })));
}

/** One weighted arbitrary of steps, handed to fc.commands. */
export function stepArbitrary(space: StepSpace): fc.Arbitrary<StoreStep> {
  const op = storeOpArbitrary(space.ops, space.valuePattern);
  const arbs: Array<{ weight: number; arb: fc.Arbitrary<StoreStep> }> = [
    { weight: 30, arb: op.map((o) => ({ kind: 'op' as const, op: o })) },
  ];
  if (space.concurrency) {
    const faultArb = space.faults.length === 0
      ? fc.constant(null)
      : fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...space.faults) });
    arbs.push({
      weight: 20,
      arb: fc.record({
        kind: fc.constant('concurrent' as const),
        ops: fc.array(op, { minLength: 2, maxLength: 4 }),
        schedule: fc.array(fc.nat(7), { maxLength: 8 }),
        fault: faultArb,
      }),
    });
  }
  if (space.flags > 0) {
    arbs.push({
      weight: 8,
      arb: fc.record({
        kind: fc.constant('flip' as const),
        flag: fc.nat(space.flags - 1),
        // Flags start off: flips on (to the other path) matter most.
        on: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        tenant: space.perTenantFlags ? fc.option(tenantIndex, { freq: 3, nil: null }) : fc.constant(null),
      }),
    });
  }
  if (space.faults.length > 0) {
    // Faults cost a reconnect (~50-200 ms) each: rare per step, so most runs stay fast.
    arbs.push({ weight: 1, arb: fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom(...space.faults) }) });
  }
  return fc.oneof(...arbs.map(({ weight, arb }) => ({ weight, arbitrary: arb })));
}
