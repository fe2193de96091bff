import fc from 'fast-check';
import type { IdRelation } from './IdRelations.js';
import { StoreCommand } from './StoreCommand.js';
import type { StoreOp, StoreStep } from './StoreStep.js';
import { extensionPairs, idArbitrary, relativesOf, type ExtensionPair, type IdSpace, type KeySlot } from './TenantSpace.js';

/** Extension pairs a sweep joins at most: each costs two keys and three operations. */
const MAX_JOINS = 3;

/**
 * A relation sweep: one drawn id and, beside it, relatives of it under as many relations of the
 * catalogue as the run has room for, each met in both directions:
 *
 *   where one tenant extends another by a separator and a segment (x and x:b), x writes key
 *   b:c, x:b writes key c, and x reads b:c again: a store that joins tenant and key with that
 *   separator makes the two keys one, so x reads x:b's value (an overwrite);
 *   the id writes key A; each relative reads A and lists its keys;
 *   each relative writes key B; the id reads B and lists its keys.
 *
 * The joins go first: an overwrite shows only on its own read, while the lists after it would
 * show the same store's prefix overlap as a read leak and end the run before that read.
 *
 * A random story meets a related pair only when it draws the one relation the target mishandles
 * and then happens to put the pair on one key; a sweep probes up to `maxTenants - 1` relations in
 * one run with the few operations that show a collapsed pair as a plain read leak, whichever
 * relation the target breaks (trimming, hashing, folding ids). Relatives
 * come from `relativesOf` (canonical forms first, then one sibling per relation per pass) and lie
 * in the declared id space; shrinking the picks moves toward the first of them, and the local
 * minimum afterwards keeps only the id and the relative it collides with.
 */
export function relationSweepArbitrary(tenantSpace: IdSpace, keySpace: IdSpace, relations: readonly IdRelation[], maxTenants: number)
  : fc.Arbitrary<[StoreCommand[], string[], KeySlot[]]> {
  const room = Math.max(1, maxTenants - 1);
  const picks = fc.array(fc.nat(0xffff), { minLength: room, maxLength: room });
  return fc.tuple(idArbitrary(tenantSpace), picks, idArbitrary(keySpace), idArbitrary(keySpace), fc.nat(0xffff))
    .map(([base, picks, a, b, joinPick]): [StoreCommand[], string[], KeySlot[]] => {
      const pool = relativesOf(tenantSpace, relations, base);
      const chosen: string[] = [];
      for (const p of picks) {
        if (pool.length === 0) break;
        chosen.push(...pool.splice(p % pool.length, 1));
      }
      const tenants = [base, ...chosen];
      const all = extensionPairs(keySpace, tenants, joinPick);
      const start = all.length === 0 ? 0 : joinPick % all.length;
      const joins = [...all.slice(start), ...all.slice(0, start)].slice(0, MAX_JOINS);
      const slots = sweepSlots(a, b);
      return [sweepCommands(chosen.length, slots.length, joins), tenants, [...slots, ...joins.flatMap((j) => j.keys)]];
    })
    // An id with no relative in the space has nothing to sweep; the open search covers it.
    .filter(([, tenants]) => tenants.length >= 2);
}

/**
 * The same probe among a counterexample's own tenants (a shared key already found, say): each
 * tenant in turn writes a key of its own that the others then read and list, so two tenants
 * found sharing storage are asked whether each also reads what the other wrote.
 */
export function crossProbeArbitrary(tenants: readonly string[], slots: readonly KeySlot[]): fc.Arbitrary<[StoreCommand[], string[], KeySlot[]]> | undefined {
  const own = [...new Set(tenants)];
  if (own.length < 2) return undefined;
  const bases = slots.length === 0 ? ['k'] : slots.map((s) => s.base);
  return fc.constant(null).map((): [StoreCommand[], string[], KeySlot[]] => {
    const step = (op: StoreOp): StoreCommand => new StoreCommand({ kind: 'op', op });
    const commands = own.flatMap((_w, writer) => [
      step({ kind: 'put', tenant: writer, slot: writer, prefix: '' }),
      ...own.flatMap((_r, reader) => (reader === writer ? [] : [step({ kind: 'get', tenant: reader, slot: writer }), step({ kind: 'list', tenant: reader })])),
    ]);
    // Untokened keys (the counterexample's own, reused when it had fewer than there are writers):
    // every tenant names the same key, so a shared one shows.
    const keys = own.map((_t, i) => ({ base: bases[i % bases.length] ?? 'k', tokened: false }));
    return [commands, own, keys];
  });
}

function sweepSlots(a: string, b: string): KeySlot[] {
  return a === b ? [{ base: a, tokened: false }] : [{ base: a, tokened: false }, { base: b, tokened: false }];
}

/**
 * Tenant 0 is the drawn id, 1..n its relatives; slot 0 is key A, the last of the `keys` sweep
 * slots key B (A again when both keys drawn were one), and each join's two keys follow them.
 */
function sweepCommands(relatives: number, keys: number, joins: readonly ExtensionPair[]): StoreCommand[] {
  const step = (op: StoreOp): StoreStep => ({ kind: 'op', op });
  const others = Array.from({ length: relatives }, (_, i) => i + 1);
  const slotB = keys - 1;
  const steps: StoreStep[] = [
    ...joins.flatMap((j, n) => [
      step({ kind: 'put', tenant: j.x, slot: keys + 2 * n, prefix: '' }),
      step({ kind: 'put', tenant: j.y, slot: keys + 2 * n + 1, prefix: '' }),
      step({ kind: 'get', tenant: j.x, slot: keys + 2 * n }),
    ]),
    step({ kind: 'put', tenant: 0, slot: 0, prefix: '' }),
    ...others.flatMap((t) => [step({ kind: 'get', tenant: t, slot: 0 }), step({ kind: 'list', tenant: t })]),
    ...others.map((t) => step({ kind: 'put', tenant: t, slot: slotB, prefix: '' })),
    step({ kind: 'get', tenant: 0, slot: slotB }),
    step({ kind: 'list', tenant: 0 }),
  ];
  return steps.map((s) => new StoreCommand(s));
}
