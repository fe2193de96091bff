/**
 * Relation-directed generation: transformations real code applies to identifiers, as data. Each
 * relation maps one drawn id (or key) to siblings that such code would collapse into it, so a
 * run holds pairs like 'Acme'/'acme', 'ﬁrm'/'firm', ' a'/'a' or '01'/'1' far more often than
 * uniform strings ever would. A sibling need not collide with `s` itself when `s` cannot be in a
 * colliding pair (a short id under truncation): the generator then takes a sibling's sibling,
 * so the pair ('aaaa…a', 'aaaa…b') meets. Siblings outside the target's declared pattern are
 * dropped by the caller, so every relation offers several spellings (fillers, alphabets) for
 * patterns to choose from. The catalogue is documented in src/leakage/README.md; a config adds
 * rules (`relations: [{ name, from, to }]`, a regular expression replacement).
 */
export interface IdRelation {
  readonly name: string;
  /** Siblings of `s`: ids a transformation of this family would map onto `s` (or `s` onto). */
  readonly siblings: (s: string) => string[];
  /**
   * The transformation itself, where it is one function (lower-casing, NFKC, trimming, decoding):
   * the generator then prefers pairs it maps to one id, a collision, over mere neighbours.
   */
  readonly collapse?: (s: string) => string;
  /**
   * Collisions that grow with length (truncation to a cap): two ids as long as the declared
   * pattern admits that differ only in their last character collide under every shorter cap,
   * wherever the pattern's maximum lies. `extend` gives an id's one-character extensions and
   * `limit` the length up to which the generator extends the longest sibling the space admits
   * (the next length the relation tries, which the pattern refused), to reach that maximum.
   */
  readonly lengthwise?: { readonly extend: (s: string) => string[]; readonly limit: (length: number) => number };
  /**
   * How often the generator draws this relation, relative to the others (default 1). An encoding
   * spells one id many ways (any character escaped, upper- or lower-case hex, padded or not), so
   * one draw covers a smaller share of its collisions than a one-function fold such as case does.
   */
  readonly weight?: number;
}

/** Characters a sibling may add: varied, so that some fit any declared alphabet. */
const FILLERS = ['a', 'b', '0', '1', 'x', 'A', 'B', '-', '_'];
const last = (s: string): string => (s.length === 0 ? 'a' : [...s].at(-1) ?? 'a');
/** `s` extended to `n` code units with `fill` (or cut to `n`). */
const pad = (s: string, n: number, fill = 'x'): string => (s.length >= n ? s.slice(0, n) : s + fill.repeat(n - s.length));
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
const hex2 = (c: number): string => c.toString(16).toUpperCase().padStart(2, '0');
/** encodeURIComponent, which throws on a lone surrogate (ids keep them): that one stays as it is. */
const percent = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
};
/** `s` with its i-th character spelled as %XX escapes (upper and lower hex): what a decoder folds back. */
const percentAt = (s: string, i: number): string[] => {
  const ch = s.charAt(i);
  const enc = percent(ch);
  const escaped = enc === ch ? [...Buffer.from(ch, 'utf8')].map((b) => `%${hex2(b)}`).join('') : enc;
  return [s.slice(0, i) + escaped + s.slice(i + 1), s.slice(0, i) + escaped.toLowerCase() + s.slice(i + 1)];
};
const swapFirst = (s: string, from: RegExp, to: string): string => s.replace(from, to);
const indices = (s: string, max = 4): number[] => Array.from({ length: Math.min(s.length, max) }, (_, i) => i);
const setAt = (s: string, i: number, a: number, b: number): string =>
  s.slice(0, i) + String.fromCharCode(a) + String.fromCharCode(b) + s.slice(i + 2);

/**
 * Lengths where code truncates ids (column widths, key-length caps, UUID and hash lengths): a
 * pair of ids that share every character up to one of them collides under any shorter cap.
 */
const CAPS = [8, 10, 12, 16, 20, 24, 32, 36, 40, 48, 50, 63, 64, 100, 128, 255, 256];

/**
 * Blocks of two characters that keep a polynomial string hash (h = h*m + c) unchanged: raising
 * the first by one and lowering the next by m. m = 31 is Java's String.hashCode and most JS
 * ports of it; m = 33 is djb2. Swapping two characters keeps any additive or XOR hash.
 */
function weakHashSiblings(s: string): string[] {
  // A one-character id holds no block: its two-character extensions do (and collide among themselves).
  if (s.length < 2) return FILLERS.map((f) => `${s}${f}`);
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length && i < 8; i++) {
    const a = s.charCodeAt(i);
    const b = s.charCodeAt(i + 1);
    for (const m of [31, 33]) {
      if (b - m >= 0x20) out.push(setAt(s, i, a + 1, b - m));
      if (a - 1 >= 0x20) out.push(setAt(s, i, a - 1, b + m));
    }
    if (a !== b) out.push(setAt(s, i, b, a));
  }
  return out;
}

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Ids a UTF-8 encoder maps onto the same bytes (each lone surrogate becomes U+FFFD): from an id
 * with a lone surrogate, the same id with another one or U+FFFD; from one without, the id with
 * one added (whose siblings then collide).
 */
function utf8Siblings(s: string): string[] {
  const lone = new RegExp(LONE.source);
  if (lone.test(s)) return [s.replace(LONE, '\uFFFD'), s.replace(LONE, '\uD800'), s.replace(LONE, '\uDFFF'), s.replace(LONE, '\uDBFF')];
  return [`${s}\uD800`, `${s}\uDFFF`, `\uDC00${s}`];
}

const decodePercent = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
/** java.lang.String#hashCode, the 31-polynomial most ports of it use. */
const hash31 = (s: string): string => String([...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0));
const PUNCTUATION = ['_', '-', '.', ':', '/', ' ', '@', '+'];
/** The first non-alphanumeric character of `s` swapped for each other punctuation mark, or one inserted mid-id. */
function punctuationSiblings(s: string): string[] {
  const i = s.search(/[^\p{L}\p{N}]/u);
  if (i >= 0) return PUNCTUATION.map((p) => s.slice(0, i) + p + s.slice(i + 1));
  const mid = Math.max(1, Math.floor(s.length / 2));
  return PUNCTUATION.map((p) => s.slice(0, mid) + p + s.slice(mid));
}

/** 2^53 + 1 and its neighbours round to the same double. */
const BIG = ['9007199254740993', '9007199254740992', '9007199254740994', '18014398509481985', '18014398509481984'];

export const ID_RELATIONS: readonly IdRelation[] = [
  { name: 'letter-case', collapse: (s) => s.toLowerCase(), siblings: (s) => [s.toUpperCase(), s.toLowerCase(), s.charAt(0).toUpperCase() + s.slice(1), s.replace(/[a-z]/, (c) => c.toUpperCase()), s.replace(/[A-Z]/, (c) => c.toLowerCase())] },
  {
    name: 'locale-case', // Turkish dotted/dotless i, German sharp s: where locale-aware folding differs
    collapse: (s) => s.toLocaleUpperCase('tr'),
    siblings: (s) => [s.toLocaleUpperCase('tr'), s.toLocaleLowerCase('tr'), swapFirst(s, /i/, 'İ'), swapFirst(s, /I/, 'ı'), swapFirst(s, /ss/, 'ß'), swapFirst(s, /ß/, 'ss'), swapFirst(s, /ß/, 'ẞ'), `${s}ß`, `${s}ss`, `${s}İ`, `${s}i`],
  },
  { name: 'unicode-normalisation', collapse: (s) => s.normalize('NFKC'), siblings: (s) => [s.normalize('NFC'), s.normalize('NFD'), s.normalize('NFKC'), s.normalize('NFKD'), `${s}é`, `${s}e\u0301`] },
  {
    name: 'compatibility-characters', // NFKC folds these onto plain letters and digits
    collapse: (s) => s.normalize('NFKC'),
    siblings: (s) => [swapFirst(s, /fi/, 'ﬁ'), s.replace(/[A-Za-z0-9]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)), swapFirst(s, /1/, '①'), swapFirst(s, /1/, '¹'), `${s}ﬁ`, `${s}fi`, `${s}Ａ`, `${s}A`],
  },
  { name: 'whitespace', collapse: (s) => s.trim(), siblings: (s) => [` ${s}`, `${s} `, `${s}\n`, `\t${s}`, `${s}\u00a0`, s.trim()] },
  {
    // From a short id: long extensions of it; from a long one: ids sharing all but its last character.
    name: 'truncation',
    lengthwise: { extend: (s) => [last(s), ...FILLERS].map((f) => s + f), limit: (n) => CAPS.find((c) => c > n) ?? n },
    siblings: (s) => [
      ...FILLERS.map((f) => `${s.slice(0, -1)}${f}`), ...FILLERS.map((f) => `${s}${f}`),
      ...[...CAPS].reverse().flatMap((n) => [pad(s, n, last(s)), ...FILLERS.map((f) => `${pad(s, n - 1, last(s))}${f}`), pad(s, n, FILLERS[0])]),
    ],
  },
  { name: 'prefix-extension', siblings: (s) => [`${s}:`, `${s}:x`, `${s}2`, `${s}x`, `${s}-b`, `${s}_`, `${s}0`, s.slice(0, -1), `${s}a`, `${s}1`] },
  { name: 'separators', siblings: (s) => [':', '/', '.', '|'].flatMap((sep) => [`${s}${sep}x`, `x${sep}${s}`, `${s}${sep}`, `${s}${sep}1`]) },
  {
    // Slugs and "key-safe" sanitising fold punctuation: 'acme.eu', 'acme_eu', 'acme eu'.
    name: 'punctuation-folding', collapse: (s) => s.replace(/[^\p{L}\p{N}]/gu, '_'), siblings: punctuationSiblings,
  },
  { name: 'glob-regex-metacharacters', siblings: (s) => [`${s.slice(0, -1)}*`, `${s.slice(0, -1)}?`, `${s}*`, `[${s.charAt(0)}]${s.slice(1)}`, `${s.slice(0, -1)}.`, `${s}.*`, `${s}\\`] },
  {
    name: 'percent-url-encoding',
    weight: 2,
    collapse: decodePercent,
    siblings: (s) => [percent(s), percent(s).toLowerCase(), ...indices(s).flatMap((i) => percentAt(s, i)), `${s}%2F`, `${s}/`, `${s}%3A`, `${s}:`, `${s}%20`, `${s} `, `${s}+`],
  },
  { name: 'base64', weight: 2, siblings: (s) => [b64(s), b64url(s), b64(s).replace(/=+$/, '')] },
  {
    name: 'numeric-forms',
    collapse: (s) => String(Number(s)),
    siblings: (s) => (/^-?\d+$/.test(s) ? [`0${s}`, `00${s}`, String(Number(s)), `${s}.0`, `+${s}`, ...BIG] : ['01', '1', '1.0', '0', '00', ...BIG]),
  },
  { name: 'weak-hash', collapse: hash31, siblings: weakHashSiblings },
  { name: 'utf8-replacement', collapse: (s) => Buffer.from(s, 'utf8').toString('utf8'), siblings: utf8Siblings },
  { name: 'zero-width', collapse: (s) => s.replace(/[\u200b-\u200d\u2060\ufeff]/g, ''), siblings: (s) => [`${s}\u200b`, `\ufeff${s}`, `${s.charAt(0)}\u200d${s.slice(1)}`, `${s}\u2060`] },
  { name: 'boundary-length', siblings: (s) => ['', s.charAt(0), pad(s, 255), pad(s, 256), pad(s, 1024)] },
];

/** A relation a config adds: every match of `from` (a regular expression) replaced by `to`. */
export interface RelationRule {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** How often it is drawn next to a built-in relation (default 1). */
  readonly weight?: number | undefined;
}

export function relationOfRule(rule: RelationRule): IdRelation {
  const re = new RegExp(rule.from, 'gu');
  return { name: rule.name, siblings: (s) => [s.replace(re, rule.to)], ...(rule.weight === undefined ? {} : { weight: rule.weight }) };
}
