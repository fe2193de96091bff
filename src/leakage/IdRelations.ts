/**
 * Relation-directed generation: transformations real code applies to identifiers, as data. Each
 * relation maps one drawn id (or key) to siblings that such code would collapse into it, so a
 * run holds pairs like 'Acme'/'acme', 'ﬁrm'/'firm', ' a'/'a' or '01'/'1' far more often than
 * uniform strings ever would. Siblings outside the target's declared pattern are dropped by the
 * caller. The catalogue is documented in src/leakage/README.md; a config adds rules
 * (`relations: [{ name, from, to }]`, a regular expression replacement).
 */
export interface IdRelation {
  readonly name: string;
  /** Siblings of `s`: ids a transformation of this family would map onto `s` (or `s` onto). */
  readonly siblings: (s: string) => string[];
}

const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + 'x'.repeat(n - s.length));
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
/** encodeURIComponent, which throws on a lone surrogate (ids keep them): that one stays as it is. */
const percent = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
};
const swapFirst = (s: string, from: RegExp, to: string): string => s.replace(from, to);

export const ID_RELATIONS: readonly IdRelation[] = [
  { name: 'letter-case', siblings: (s) => [s.toUpperCase(), s.toLowerCase(), s.charAt(0).toUpperCase() + s.slice(1), s.replace(/[a-z]/, (c) => c.toUpperCase())] },
  {
    name: 'locale-case', // Turkish dotted/dotless i, German sharp s: where locale-aware folding differs
    siblings: (s) => [s.toLocaleUpperCase('tr'), s.toLocaleLowerCase('tr'), swapFirst(s, /i/, 'İ'), swapFirst(s, /I/, 'ı'), swapFirst(s, /ss/, 'ß'), swapFirst(s, /ß/, 'ss'), swapFirst(s, /ß/, 'ẞ'), `${s}ß`, `${s}ss`, `${s}İ`, `${s}i`],
  },
  { name: 'unicode-normalisation', siblings: (s) => [s.normalize('NFC'), s.normalize('NFD'), s.normalize('NFKC'), s.normalize('NFKD'), `${s}é`, `${s}e\u0301`] },
  {
    name: 'compatibility-characters', // NFKC folds these onto plain letters and digits
    siblings: (s) => [swapFirst(s, /fi/, 'ﬁ'), s.replace(/[A-Za-z0-9]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)), swapFirst(s, /1/, '①'), swapFirst(s, /1/, '¹'), `${s}ﬁ`, `${s}fi`, `${s}Ａ`, `${s}A`],
  },
  { name: 'whitespace', siblings: (s) => [` ${s}`, `${s} `, `${s}\n`, `\t${s}`, `${s}\u00a0`, s.trim()] },
  { name: 'truncation', siblings: (s) => [8, 16, 24, 32, 64].flatMap((n) => [`${pad(s, n)}a`, `${pad(s, n)}b`, pad(s, n)]) },
  { name: 'prefix-extension', siblings: (s) => [`${s}:`, `${s}:x`, `${s}2`, `${s}x`, `${s}-b`, `${s}_`, `${s}0`, s.slice(0, -1)] },
  { name: 'separators', siblings: (s) => [':', '/', '.', '|'].flatMap((sep) => [`${s}${sep}x`, `x${sep}${s}`, `${s}${sep}`]) },
  { name: 'glob-regex-metacharacters', siblings: (s) => [`${s.slice(0, -1)}*`, `${s.slice(0, -1)}?`, `${s}*`, `[${s.charAt(0)}]${s.slice(1)}`, `${s.slice(0, -1)}.`, `${s}.*`, `${s}\\`] },
  { name: 'percent-url-encoding', siblings: (s) => [percent(s), percent(s).toLowerCase(), `${s}%2F`, `${s}/`, `${s}%3A`, `${s}:`, `${s}%20`, `${s}+`] },
  { name: 'base64', siblings: (s) => [b64(s), b64url(s), b64(s).replace(/=+$/, '')] },
  { name: 'numeric-forms', siblings: (s) => (/^-?\d+$/.test(s) ? [`0${s}`, String(Number(s)), `${s}.0`, `+${s}`] : ['01', '1', '1.0', '0']) },
  { name: 'zero-width', siblings: (s) => [`${s}\u200b`, `\ufeff${s}`, `${s.charAt(0)}\u200d${s.slice(1)}`, `${s}\u2060`] },
  { name: 'boundary-length', siblings: (s) => ['', s.charAt(0), pad(s, 255), pad(s, 256), pad(s, 1024)] },
];

/** A relation a config adds: every match of `from` (a regular expression) replaced by `to`. */
export interface RelationRule {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export function relationOfRule(rule: RelationRule): IdRelation {
  const re = new RegExp(rule.from, 'gu');
  return { name: rule.name, siblings: (s) => [s.replace(re, rule.to)] };
}
