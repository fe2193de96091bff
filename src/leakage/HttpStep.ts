import fc from 'fast-check';
import type { RedisFault } from './StoreStep.js';

/** A spoofed tenant header: header `header` (index into spoofHeaders) claiming tenant `as`. */
export interface Spoof { readonly header: number; readonly as: number }

/** Tenant, resource and ref are indices taken modulo what exists at run time. */
export type HttpOp =
  | { kind: 'create'; tenant: number; resource: number; spoof: Spoof | null }
  | { kind: 'read'; tenant: number; resource: number; ref: number; spoof: Spoof | null }
  | { kind: 'list'; tenant: number; resource: number; spoof: Spoof | null }
  | { kind: 'delete'; tenant: number; resource: number; ref: number; spoof: Spoof | null }
  /** `resource` indexes the resources that declare a clear request. */
  | { kind: 'clear'; tenant: number; resource: number; spoof: Spoof | null };

export type HttpStepValue =
  | { kind: 'op'; op: HttpOp }
  | { kind: 'concurrent'; ops: HttpOp[]; schedule: number[] }
  | { kind: 'flip'; flag: number; on: boolean; tenant: number | null }
  | { kind: 'fault'; fault: RedisFault };

export interface HttpStepSpace {
  readonly spoofing: boolean;
  /** Some resource declares a clear request. */
  readonly clearing: boolean;
  readonly flags: number;
  readonly faults: readonly RedisFault[];
  readonly concurrency: boolean;
}

const idx = fc.nat(7);

export function httpStepArbitrary(space: HttpStepSpace): fc.Arbitrary<HttpStepValue> {
  const spoof = space.spoofing ? fc.option(fc.record({ header: fc.nat(2), as: idx }), { freq: 3 }) : fc.constant(null);
  const ops: Array<{ weight: number; arbitrary: fc.Arbitrary<HttpOp> }> = [
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), tenant: idx, resource: idx, spoof }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), tenant: idx, resource: idx, ref: fc.nat(15), spoof }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('list' as const), tenant: idx, resource: idx, spoof }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), tenant: idx, resource: idx, ref: fc.nat(15), spoof }) },
  ];
  if (space.clearing) ops.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), tenant: idx, resource: idx, spoof }) });
  const op: fc.Arbitrary<HttpOp> = fc.oneof(...ops);
  const arbs: Array<{ weight: number; arbitrary: fc.Arbitrary<HttpStepValue> }> = [
    { weight: 30, arbitrary: op.map((o) => ({ kind: 'op' as const, op: o })) },
  ];
  if (space.concurrency) {
    arbs.push({ weight: 15, arbitrary: fc.record({ kind: fc.constant('concurrent' as const), ops: fc.array(op, { minLength: 2, maxLength: 4 }), schedule: fc.array(fc.nat(7), { maxLength: 8 }) }) });
  }
  if (space.flags > 0) {
    arbs.push({ weight: 5, arbitrary: fc.record({ kind: fc.constant('flip' as const), flag: fc.nat(space.flags - 1), on: fc.boolean(), tenant: fc.option(idx, { freq: 3, nil: null }) }) });
  }
  if (space.faults.length > 0) {
    arbs.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom(...space.faults) }) });
  }
  return fc.oneof(...arbs);
}
