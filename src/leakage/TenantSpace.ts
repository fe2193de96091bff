import fc from 'fast-check';
import { looksLikeToken } from './CanaryToken.js';
import { ID_RELATIONS, type IdRelation } from './IdRelations.js';

/**
 * What a target accepts, and arbitraries that draw from ALL of it: not only friendly
 * ids. Edge cases (separators, glob characters, whitespace, unicode, ids that are prefixes of
 * each other) are drawn first-class, because they are where keyspaces collide.
 */
export interface IdSpace {
  /** Undefined: any non-empty string. */
  readonly pattern: RegExp | undefined;
}

export const EDGE_STRINGS: readonly string[] = [
  'a', 'b', 'a:b', 'a*', '*', ':', '::', '?', '[a]', '\\', ' ', ' a', 'a ', '\t', 'a\nb', '{a}', '%2F', '/', '..',
  'é', 'e\u0301', '租户', '🙂', 'A', '0', '-1', 'null', 'a.b', 'a|b', '"', "'", 'a:*', '\u0000', 'ß',
];

function accepts(space: IdSpace, s: string): boolean {
  if (s.length === 0 || looksLikeToken(s)) return false;
  return space.pattern === undefined || space.pattern.test(s);
}

/** Anchors a user's pattern: `/[a-z]+/` means "the whole id is [a-z]+" to a generator. */
export function anchored(pattern: RegExp): RegExp {
  let src = pattern.source;
  if (!src.startsWith('^')) src = `^(?:${src}`;
  else src = `^(?:${src.slice(1)}`;
  if (src.endsWith('$')) src = `${src.slice(0, -1)})$`;
  else src = `${src})$`;
  return new RegExp(src, pattern.flags.replace('g', ''));
}

/**
 * Characters for drawn strings: printable ASCII, plus the separators, glob and control
 * characters, combining marks, CJK, astral emoji and lone surrogates that break key schemes.
 * (fast-check's full-unicode units build a million-entry table per arbitrary: too slow here.)
 */
const SPECIAL_UNITS = [':', '*', '?', '[', ']', '\\', '{', '}', ' ', '\t', '\n', '\u0000', '%', '/', 'é', '\u0301', 'ß', '租', '户',
  '🙂', '\uD800', '\uDFFF', '\u200B', 'Ω'];
const unit = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }, { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_UNITS) });

export function anyString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ minLength, maxLength, unit });
}

export function idArbitrary(space: IdSpace): fc.Arbitrary<string> {
  const edges = EDGE_STRINGS.filter((s) => accepts(space, s));
  const general = space.pattern === undefined
    ? anyString(1, 8)
    : fc.stringMatching(anchored(space.pattern), { size: 'xsmall' });
  const drawn = general.filter((s) => accepts(space, s));
  return edges.length === 0 ? drawn : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...edges) }, { weight: 3, arbitrary: drawn });
}

interface Derivation { from: number; relation: number; pick: number }

/** The sibling of `base` a derivation picks among those inside the space and not drawn yet; undefined if none. */
function sibling(space: IdSpace, relations: readonly IdRelation[], base: string, d: Derivation, taken: readonly string[], allowEmpty: boolean): string | undefined {
  const relation = relations[d.relation % relations.length];
  if (relation === undefined) return undefined;
  const family = [...new Set(relation.siblings(base))]
    .filter((x) => x !== base && !taken.includes(x) && (accepts(space, x) || (allowEmpty && x === '' && admitsEmpty(space))));
  return family[d.pick % Math.max(1, family.length)];
}

function admitsEmpty(space: IdSpace): boolean {
  return space.pattern !== undefined && anchored(space.pattern).test('');
}

function derivationArbitrary(relations: readonly IdRelation[]): fc.Arbitrary<Derivation> {
  return fc.record({ from: fc.nat(7), relation: fc.nat(Math.max(0, relations.length - 1)), pick: fc.nat(15) });
}

/**
 * 2..max distinct tenant ids; about half are derived from an earlier one by a relation of the
 * catalogue (case, normalisation, trimming, truncation, prefixes, separators, encodings, ...), so
 * ids that real code collapses into one meet in the same run. Shrinking shrinks the base id and
 * the choice of relation; the derived id is always recomputed from them, so the relation holds.
 */
export function tenantsArbitrary(space: IdSpace, min: number, max: number, relations: readonly IdRelation[] = ID_RELATIONS): fc.Arbitrary<string[]> {
  const entry = fc.record({ id: idArbitrary(space), derive: fc.option(derivationArbitrary(relations), { freq: 2 }) });
  return fc.array(entry, { minLength: min, maxLength: max })
    .map((entries) => {
      const ids: string[] = [];
      for (const e of entries) {
        const base = e.derive === null || ids.length === 0 ? undefined : ids[e.derive.from % ids.length];
        const derived = base === undefined || e.derive === null ? undefined : sibling(space, relations, base, e.derive, ids, false);
        const pick = derived ?? e.id;
        if (!ids.includes(pick)) ids.push(pick);
      }
      return ids;
    })
    .filter((ids) => ids.length >= min);
}

/** A key slot: a drawn key, and whether the tenant's key token is appended to it. */
export interface KeySlot {
  readonly base: string;
  readonly tokened: boolean;
}

export function keySlotsArbitrary(space: IdSpace, relations: readonly IdRelation[] = ID_RELATIONS): fc.Arbitrary<KeySlot[]> {
  // Few slots, mostly shared names: collisions between tenants are what unscoped keys and caches get wrong.
  const tokened = fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
  const slot = fc.record({ base: idArbitrary(space), tokened, derive: fc.option(derivationArbitrary(relations), { freq: 3 }) });
  return fc.array(slot, { minLength: 1, maxLength: 3 }).map((drawn) => {
    const slots: KeySlot[] = [];
    for (const d of drawn) {
      const from = d.derive === null || slots.length === 0 ? undefined : slots[d.derive.from % slots.length];
      // A key derived from another (the empty key too, where the declared pattern admits it).
      const derived = from === undefined || d.derive === null ? undefined
        : sibling(space, relations, from.base, d.derive, slots.map((x) => x.base), true);
      slots.push({ base: derived ?? d.base, tokened: d.tokened });
    }
    return slots;
  });
}

/** Joins `tenant + sep + key` may make coincide: tenant a with key b<sep>c, and tenant a<sep>b with key c. */
export interface Join { readonly sep: string; readonly b: string; readonly c: string }

export function joinArbitrary(): fc.Arbitrary<Join | null> {
  const segment = fc.constantFrom('b', 'x', 'k', 'kv', '1', 'b:c');
  // One run in five: the join replaces the second tenant, where a derived sibling often stands.
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.record({ sep: fc.constantFrom(':', '/', '.', '|', '_', '-', ''), b: segment, c: segment }) },
  );
}

/** The first tenant gets a sibling `t0 + sep + b`, and the first two key slots become `b + sep + c` and `c`. */
export function applyJoin(tenantSpace: IdSpace, keySpace: IdSpace, tenants: string[], slots: KeySlot[], join: Join | null): [string[], KeySlot[]] {
  const t0 = tenants[0];
  if (join === null || t0 === undefined) return [tenants, slots];
  const t1 = t0 + join.sep + join.b;
  const k1 = join.b + join.sep + join.c;
  if (!accepts(tenantSpace, t1) || !accepts(keySpace, k1) || !accepts(keySpace, join.c)) return [tenants, slots];
  const others = tenants.slice(1).filter((t) => t !== t1);
  return [[t0, t1, ...others].slice(0, Math.max(2, tenants.length)), [{ base: k1, tokened: false }, { base: join.c, tokened: false }, ...slots.slice(0, 1)]];
}

const EDGE_VALUES = ['', ' ', 'null', '"', '\n', '[]', '{}', '0', '🙂', '\\', '*'];

/** A UTF-16 surrogate with no partner: not Unicode text, so UTF-8 stores cannot keep it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/**
 * The drawn part of a value (a canary token follows it). Default: well-formed Unicode, since a
 * value's lone surrogate comes back from any UTF-8 store as U+FFFD, which is no isolation bug
 * (ids and keys keep them: two ids that collide through UTF-8 are one). A declared `value`
 * pattern narrows or widens that: prefixes are drawn from it.
 */
export function valuePrefixArbitrary(pattern?: RegExp): fc.Arbitrary<string> {
  if (pattern !== undefined) {
    return fc.oneof(fc.constant(''), fc.stringMatching(anchored(pattern), { size: 'xsmall' })).filter((s) => !looksLikeToken(s));
  }
  return fc.oneof(fc.constantFrom(...EDGE_VALUES), anyString(0, 6))
    .filter((s) => !looksLikeToken(s) && isWellFormed(s));
}
