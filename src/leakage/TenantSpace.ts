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

interface Derivation { from: number; relation: number; pick: number; pick2: number }

function admitsEmpty(space: IdSpace): boolean {
  return space.pattern !== undefined && anchored(space.pattern).test('');
}

/** `base`'s siblings under one relation that lie inside the space, distinct from `base`. */
function family(space: IdSpace, relation: IdRelation, base: string, allowEmpty: boolean): string[] {
  return [...new Set(relation.siblings(base))]
    .filter((x) => x !== base && (accepts(space, x) || (allowEmpty && x === '' && admitsEmpty(space))));
}

/**
 * For a relation whose collisions grow with length (truncation): the longest sibling of `base`
 * the space admits, extended one character at a time while the space still admits it (so a
 * pattern's maximum between the relation's lengths is reached), paired with a sibling of the
 * same length that differs from it only at the end. Such a pair collides under every cap shorter
 * than it, so one pair serves every cap the declared pattern admits.
 */
function longestPair(space: IdSpace, relation: IdRelation, first: readonly string[], d: Derivation, allowEmpty: boolean): [string, string] | undefined {
  const lengthwise = relation.lengthwise;
  if (lengthwise === undefined) return undefined;
  const max = Math.max(...first.map((m) => m.length));
  const longest = first.filter((m) => m.length === max);
  let x = longest[(d.pick >> 2) % longest.length] ?? '';
  for (const limit = lengthwise.limit(x.length); x.length < limit;) {
    const next = lengthwise.extend(x).find((e) => accepts(space, e));
    if (next === undefined) break;
    x = next;
  }
  const same = family(space, relation, x, allowEmpty).filter((y) => y.length === x.length && y.slice(0, -1) === x.slice(0, -1));
  const y = same[d.pick2 % Math.max(1, same.length)];
  return y === undefined ? undefined : [x, y];
}

/**
 * A related pair drawn from `base`: x is `base` or one of its siblings, y a sibling of x, under
 * the drawn relation, or (when that relation has no sibling inside the declared space) the
 * next relation that has one, so no derivation is wasted on a relation the pattern excludes.
 * Taking y from x's siblings, not base's, lets a relation reach pairs `base` is in no pair of
 * (two long ids sharing their first 24 characters, from a short one).
 */
function relatedPair(space: IdSpace, relations: readonly IdRelation[], base: string, d: Derivation, allowEmpty: boolean): [string, string] | undefined {
  for (let k = 0; k < relations.length; k++) {
    const relation = relations[(d.relation + k) % relations.length];
    if (relation === undefined) continue;
    const first = [base, ...family(space, relation, base, allowEmpty)];
    if (first.length < 2) continue;
    // Three times in four, a relation whose collisions grow with length pairs the longest ids.
    const longest = d.pick % 4 === 0 ? undefined : longestPair(space, relation, first, d, allowEmpty);
    if (longest !== undefined) return longest;
    // A quarter of the time x is base itself; else a sibling, whose siblings collide with it under
    // every relation that is an equivalence (case, normal forms, decoding, hashes) and under the
    // rest too (a long extension's same-length variants under truncation).
    const start = d.pick % 4 === 0 ? 0 : 1 + ((d.pick >> 2) % (first.length - 1));
    let fallback: [string, string] | undefined;
    // Where the relation is one function, a pair it maps to one id is tried for from a few x.
    for (let tries = 0; tries < Math.min(first.length, relation.collapse === undefined ? 1 : 6); tries++) {
      const x = first[(start + tries) % first.length] ?? base;
      const second = family(space, relation, x, allowEmpty);
      const collapse = relation.collapse;
      const colliding = collapse === undefined ? second : second.filter((y) => collapse(y) === collapse(x));
      // Half the time the canonical form itself: one code path normalises, another does not.
      const canonical = collapse === undefined ? undefined : colliding.find((y) => y === collapse(x));
      const pool = canonical !== undefined && d.pick2 % 2 === 0 ? [canonical] : colliding.length > 0 ? colliding : second;
      const y = pool[d.pick2 % Math.max(1, pool.length)];
      if (y === undefined) continue;
      if (colliding.length > 0 || collapse === undefined) return [x, y];
      fallback ??= [x, y];
    }
    if (fallback !== undefined) return fallback;
  }
  return undefined;
}

/** Each relation's index repeated by its weight (default 1): a uniform draw from it honours the weights. */
function weightedIndices(relations: readonly IdRelation[]): number[] {
  return relations.flatMap((r, i) => Array.from({ length: Math.max(1, Math.round(r.weight ?? 1)) }, () => i));
}

function derivationArbitrary(relations: readonly IdRelation[]): fc.Arbitrary<Derivation> {
  // Uniform over siblings, and over relations by weight: an integer arbitrary biased to small values would favour the catalogue's first entries.
  const uniform = (n: number): fc.Arbitrary<number> => fc.noBias(fc.integer({ min: 0, max: n }));
  const slots = weightedIndices(relations);
  const relation = uniform(Math.max(0, slots.length - 1)).map((u) => slots[u] ?? 0);
  return fc.record({ from: uniform(7), relation, pick: uniform(0xffff), pick2: uniform(0xffff) });
}

/**
 * 2..max distinct tenant ids; most entries are a related pair derived from the entry's drawn id
 * by a relation of the catalogue (case, normalisation, trimming,
 * truncation, prefixes, separators, encodings, weak hashes, ...), so ids that real code
 * collapses into one meet in the same run. The first pair goes first: operations favour the
 * first two tenants. Shrinking shrinks the base id and the choice of relation; the pair is
 * always recomputed from them, so the relation holds.
 */
export function tenantsArbitrary(space: IdSpace, min: number, max: number, relations: readonly IdRelation[] = ID_RELATIONS): fc.Arbitrary<string[]> {
  const entry = fc.record({ id: idArbitrary(space), derive: fc.option(derivationArbitrary(relations), { freq: 4 }) });
  const entries = (size: fc.SizeForArbitrary): fc.Arbitrary<Array<{ id: string; derive: Derivation | null }>> =>
    fc.array(entry, { minLength: Math.max(1, min - 1), maxLength: max, size });
  // Mostly few tenants, so the pair meets often; one run in four fills the run with up to `max`.
  return fc.oneof({ weight: 3, arbitrary: entries('xsmall') }, { weight: 1, arbitrary: entries('small') })
    .map((entries) => {
      const ids: string[] = [];
      let front: [string, string] | undefined;
      for (const e of entries) {
        // Each pair grows from its entry's own id: entries stay independent, so shrinking can drop any of them.
        const base = e.derive === null ? undefined : e.id;
        const pair = base === undefined || e.derive === null ? undefined : relatedPair(space, relations, base, e.derive, false);
        for (const id of pair ?? [e.id]) if (!ids.includes(id)) ids.push(id);
        if (pair !== undefined && front === undefined && pair[0] !== pair[1]) front = pair;
      }
      const ordered = front === undefined ? ids : [...front, ...ids.filter((id) => !front.includes(id))];
      return ordered.slice(0, max);
    })
    .filter((ids) => ids.length >= min);
}

/**
 * Tenants around a focus (a counterexample's tenants): the focus itself first, then relatives of
 * its ids, then drawn ids while fewer than `min`. Half the relatives are a canonical form of a
 * focus id (its lower-case, NFKC, trimmed, decoded, numeric form: what a relation that is one
 * function maps it to, where that differs), the partner a code path that normalises would
 * collapse it onto; the other half are pairs drawn from a focus id by any relation of the catalogue.
 */
export function focusedTenantsArbitrary(space: IdSpace, focus: readonly string[], min: number, max: number, relations: readonly IdRelation[] = ID_RELATIONS): fc.Arbitrary<string[]> {
  const bases = focus.length === 0 ? idArbitrary(space) : fc.constantFrom(...focus);
  const entry = fc.record({ base: bases, derive: derivationArbitrary(relations), canonical: fc.boolean() });
  const fillers = fc.array(idArbitrary(space), { minLength: min, maxLength: min });
  return fc.tuple(fc.array(entry, { minLength: 1, maxLength: 4 }), fillers).map(([entries, extra]) => {
    const ids: string[] = [...new Set(focus)];
    // Canonical forms first: the first relative is the one a retold story gives roles to.
    const drawn = entries.map((e) => {
      const forms = e.canonical ? canonicalForms(space, relations, e.base) : [];
      return forms.length > 0 ? [forms[e.derive.pick % forms.length] ?? e.base] : relatedPair(space, relations, e.base, e.derive, false) ?? [];
    });
    for (const id of [...drawn.filter((_d, i) => entries[i]?.canonical === true), ...drawn.filter((_d, i) => entries[i]?.canonical !== true)].flat()) {
      if (!ids.includes(id)) ids.push(id);
    }
    for (const id of extra) if (ids.length < min && !ids.includes(id)) ids.push(id);
    return ids.slice(0, max);
  }).filter((ids) => ids.length >= min);
}

/** What the catalogue's functions map `id` to, where that differs from `id` and lies in the space. */
export function canonicalForms(space: IdSpace, relations: readonly IdRelation[], id: string): string[] {
  const forms = relations.flatMap((r) => (r.collapse === undefined ? [] : [r.collapse(id)]));
  return [...new Set(forms)].filter((f) => f !== id && accepts(space, f));
}

/**
 * Every relative of `id` the catalogue offers inside the space: its canonical forms first (the
 * ids a code path that normalises would collapse it onto), then each relation's siblings in turn,
 * one per relation per pass, so a cut of the list still spans every relation.
 */
export function relativesOf(space: IdSpace, relations: readonly IdRelation[], id: string): string[] {
  const families = relations.map((r) => family(space, r, id, false));
  const out = new Set(canonicalForms(space, relations, id));
  for (let i = 0; families.some((f) => i < f.length); i++) {
    for (const f of families) {
      const x = f[i];
      if (x !== undefined) out.add(x);
    }
  }
  out.delete(id);
  return [...out];
}

/** Key slots around a focus: the focus's slots, half the time with a relative of one of its keys added. */
export function focusedSlotsArbitrary(space: IdSpace, focus: readonly KeySlot[], relations: readonly IdRelation[] = ID_RELATIONS): fc.Arbitrary<KeySlot[]> {
  if (focus.length === 0) return keySlotsArbitrary(space, relations);
  const entry = fc.option(fc.record({ base: fc.constantFrom(...focus), derive: derivationArbitrary(relations) }), { freq: 2 });
  return entry.map((e) => {
    const slots = focus.map((s) => ({ base: s.base, tokened: s.tokened }));
    const pair = e === null ? undefined : relatedPair(space, relations, e.base.base, e.derive, true);
    const base = pair?.find((k) => !slots.some((x) => x.base === k));
    // At most three slots are ever used (an operation's slot index is drawn from 0..2).
    return base === undefined ? slots.slice(0, 3) : [...slots.slice(0, 2), { base, tokened: false }];
  });
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
      // A key related to another (the empty key too, where the declared pattern admits it).
      const pair = from === undefined || d.derive === null ? undefined : relatedPair(space, relations, from.base, d.derive, true);
      const base = pair?.find((k) => !slots.some((x) => x.base === k)) ?? d.base;
      slots.push({ base, tokened: d.tokened });
    }
    return slots;
  });
}

/** Joins `tenant + sep + key` may make coincide: tenant a with key b<sep>c, and tenant a<sep>b with key c. */
export interface Join { readonly sep: string; readonly b: string; readonly c: string }

/** Separators code puts between a tenant id and a key, and short segments to join with them. */
const JOIN_SEPARATORS = [':', '/', '.', '|', '_', '-', '#', ' ', ''];
const JOIN_SEGMENTS = ['b', 'c', 'x', 'k', '1', '2', 'B', 'C', 'b:c'];

export function joinArbitrary(): fc.Arbitrary<Join | null> {
  const index = (n: number): fc.Arbitrary<number> => fc.noBias(fc.integer({ min: 0, max: n - 1 }));
  const drawn = fc.record({ sep: index(JOIN_SEPARATORS.length), b: index(JOIN_SEGMENTS.length), c: index(JOIN_SEGMENTS.length) })
    .map(({ sep, b, c }): Join => ({ sep: JOIN_SEPARATORS[sep] ?? ':', b: JOIN_SEGMENTS[b] ?? 'b', c: JOIN_SEGMENTS[c] ?? 'c' }));
  // One run in three: the join replaces the run's tenants and keys.
  return fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: drawn });
}

/**
 * The join as drawn if both declared patterns admit it, else the first separator and segments
 * (in the catalogue's order, from the drawn ones on) that they do admit: a join the patterns
 * refuse is never sent, and one they admit is not missed for the drawn spelling.
 */
function admittedJoin(tenantSpace: IdSpace, keySpace: IdSpace, t0: string, join: Join): Join | undefined {
  const rotate = <T>(xs: readonly T[], first: T): T[] => {
    const i = Math.max(0, xs.indexOf(first));
    return [...xs.slice(i), ...xs.slice(0, i)];
  };
  for (const sep of rotate(JOIN_SEPARATORS, join.sep)) {
    for (const b of rotate(JOIN_SEGMENTS, join.b)) {
      if (!accepts(tenantSpace, t0 + sep + b)) continue;
      for (const c of rotate(JOIN_SEGMENTS, join.c)) {
        if (accepts(keySpace, b + sep + c) && accepts(keySpace, c)) return { sep, b, c };
      }
    }
  }
  return undefined;
}

/**
 * The run becomes the two-tenant experiment: tenant t0 and its sibling `t0 + sep + b`, keys
 * `b + sep + c` and `c` (other tenants and keys would only take operations away from the pair).
 */
export function applyJoin(tenantSpace: IdSpace, keySpace: IdSpace, tenants: string[], slots: KeySlot[], drawn: Join | null): [string[], KeySlot[]] {
  const t0 = tenants[0];
  const join = drawn === null || t0 === undefined ? undefined : admittedJoin(tenantSpace, keySpace, t0, drawn);
  if (join === undefined || t0 === undefined) return [tenants, slots];
  const t1 = t0 + join.sep + join.b;
  const k1 = join.b + join.sep + join.c;
  return [[t0, t1], [{ base: k1, tokened: false }, { base: join.c, tokened: false }]];
}

/**
 * A focus whose ids include one that extends another by a separator and a segment (x and
 * x<sep>b: a prefix collision already found) gets the join experiment on that very pair: keys
 * b<sep>c and c, so that `tenant + sep + key` joins coincide too (x's key b<sep>c and x<sep>b's
 * key c name one Redis key where the store joins with that separator). Undefined when no pair
 * extends another, or the declared key pattern admits no such keys.
 */
export function extensionJoin(keySpace: IdSpace, tenants: readonly string[], pick: number): [string[], KeySlot[]] | undefined {
  const [first] = extensionPairs(keySpace, tenants, pick);
  if (first === undefined) return undefined;
  const x = tenants[first.x] ?? '';
  const y = tenants[first.y] ?? '';
  return [[x, y, ...tenants.filter((t) => t !== x && t !== y)], [...first.keys]];
}

/** Two tenants of a run (by index) where `y` is `x<sep>b`, and the keys `b<sep>c` (for x) and `c` (for y) that a join would make one. */
export interface ExtensionPair { readonly x: number; readonly y: number; readonly keys: readonly [KeySlot, KeySlot] }

/** Every extension pair among `tenants`, in their order, each with the segment `c` that `pick` chooses among those the key pattern admits. */
export function extensionPairs(keySpace: IdSpace, tenants: readonly string[], pick: number): ExtensionPair[] {
  const pairs: ExtensionPair[] = [];
  tenants.forEach((x, i) => tenants.forEach((y, j) => {
    if (y.length <= x.length + 1 || !y.startsWith(x)) return;
    const sep = y.charAt(x.length);
    if (sep === '' || !JOIN_SEPARATORS.includes(sep)) return;
    const b = y.slice(x.length + 1);
    const segments = JOIN_SEGMENTS.filter((c) => accepts(keySpace, b + sep + c) && accepts(keySpace, c));
    const c = segments[pick % Math.max(1, segments.length)];
    if (c === undefined) return;
    pairs.push({ x: i, y: j, keys: [{ base: b + sep + c, tokened: false }, { base: c, tokened: false }] });
  }));
  return pairs;
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
