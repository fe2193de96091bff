import fc from 'fast-check';
import { looksLikeToken } from './CanaryToken.js';

/**
 * What a target accepts, and arbitraries that draw from ALL of it (issue 3): not only friendly
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

/** Suffixes that turn one id into another id it is a prefix of: `acme` / `acme:x` / `acme2`. */
const PREFIX_SUFFIXES = [':', ':x', '*', '2', 'x', ' ', '-b', '_', '0'];

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

interface DrawnTenant { id: string; derive: { from: number; suffix: string } | null }

/** 2..max distinct tenant ids; about half are derived from an earlier one (prefix pairs). */
export function tenantsArbitrary(space: IdSpace, min: number, max: number): fc.Arbitrary<string[]> {
  const entry = fc.record({
    id: idArbitrary(space),
    derive: fc.option(fc.record({ from: fc.nat(7), suffix: fc.constantFrom(...PREFIX_SUFFIXES) }), { freq: 2 }),
  });
  return fc.array(entry, { minLength: min, maxLength: max })
    .map((entries: DrawnTenant[]) => {
      const ids: string[] = [];
      for (const e of entries) {
        const base = e.derive === null || ids.length === 0 ? undefined : ids[e.derive.from % ids.length];
        const derived = base === undefined || e.derive === null ? undefined : base + e.derive.suffix;
        const pick = derived !== undefined && accepts(space, derived) && !ids.includes(derived) ? derived : e.id;
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

export function keySlotsArbitrary(space: IdSpace): fc.Arbitrary<KeySlot[]> {
  // Few slots, mostly shared names: collisions between tenants are what unscoped keys and caches get wrong.
  const tokened = fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
  return fc.array(fc.record({ base: idArbitrary(space), tokened }), { minLength: 1, maxLength: 3 });
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
