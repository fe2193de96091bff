import fc from 'fast-check';
import type { IdRelation } from './IdRelations.js';
import { StoreCommand } from './StoreCommand.js';
import type { StoreOp, StoreStep } from './StoreStep.js';
import { canonicalForms, relativesOf, type IdSpace, type KeySlot } from './TenantSpace.js';

/** A counterexample's story as a focused round received it. */
export interface CensusFocus {
  readonly tenants: readonly string[];
  readonly slots: readonly KeySlot[];
  readonly steps: readonly StoreStep[];
}

/**
 * A sibling census: a counterexample's story told again with relatives of its tenants present.
 * Each relative first writes every key slot the story touches, then the story runs as found,
 * then each relative reads those slots back and lists its keys. A story that showed a tenant's
 * own data wrong (a clear that left its keys, a delete that missed) has often done its damage
 * elsewhere: on an id a normalising code path collapses the tenant onto, which only shows when a
 * tenant of that id holds data there. Canonical forms come first (as many as fit), then
 * relatives drawn from every relation of the catalogue, so each census probes another set.
 * Undefined when the budget leaves no room for a relative or the focus has no relative.
 */
export function siblingCensusArbitrary(space: IdSpace, relations: readonly IdRelation[], focus: CensusFocus, maxTenants: number)
  : fc.Arbitrary<[StoreCommand[], string[], KeySlot[]]> | undefined {
  // The story's tenants as they were (distinct ids): its indices were taken modulo this list's length.
  const own = [...focus.tenants];
  const room = maxTenants - own.length;
  const outside = (id: string): boolean => !own.includes(id);
  const canonical = [...new Set(own.flatMap((id) => canonicalForms(space, relations, id)))].filter(outside);
  const rest = [...new Set(own.flatMap((id) => relativesOf(space, relations, id)))].filter((id) => outside(id) && !canonical.includes(id));
  if (room <= 0 || own.length === 0 || canonical.length + rest.length === 0) return undefined;
  const fromCanonical = Math.min(room, canonical.length);
  const fromRest = Math.min(room - fromCanonical, rest.length);
  return fc.tuple(
    fc.shuffledSubarray(canonical, { minLength: fromCanonical, maxLength: fromCanonical }),
    fc.shuffledSubarray(rest, { minLength: fromRest, maxLength: fromRest }),
  ).map(([c, r]) => {
    const tenants = [...own, ...c, ...r];
    return [censusCommands(focus, own.length, tenants.length), tenants, [...focus.slots]];
  });
}

/** The relatives' writes, the story (its tenants and slots pinned to the focus's), the relatives' reads. */
function censusCommands(focus: CensusFocus, ownCount: number, tenantCount: number): StoreCommand[] {
  const slotCount = Math.max(1, focus.slots.length);
  // The story's indices were taken modulo the focus's tenants and slots: pinned, they keep their roles in a longer list.
  const pin = <O extends StoreOp>(op: O): O => ({ ...op, tenant: op.tenant % ownCount, ...('slot' in op ? { slot: op.slot % slotCount } : {}) });
  const story = focus.steps.map((s): StoreStep => (s.kind === 'op' ? { kind: 'op', op: pin(s.op) }
    : s.kind === 'concurrent' ? { ...s, ops: s.ops.map(pin) }
      : s.kind === 'flip' && s.tenant !== null ? { ...s, tenant: s.tenant % ownCount } : s));
  const touched = [...new Set(story.flatMap((s) => (s.kind === 'op' ? [s.op] : s.kind === 'concurrent' ? s.ops : []))
    .flatMap((op) => ('slot' in op ? [op.slot] : [])))];
  const slots = touched.length === 0 ? [0] : touched;
  const relatives = Array.from({ length: tenantCount - ownCount }, (_, i) => ownCount + i);
  const op = (o: StoreOp): StoreStep => ({ kind: 'op', op: o });
  const writes = relatives.flatMap((tenant) => slots.map((slot) => op({ kind: 'put', tenant, slot, prefix: '' })));
  const reads = relatives.flatMap((tenant) => [...slots.map((slot) => op({ kind: 'get', tenant, slot })), op({ kind: 'list', tenant })]);
  return [...writes, ...story, ...reads].map((s) => new StoreCommand(s));
}
