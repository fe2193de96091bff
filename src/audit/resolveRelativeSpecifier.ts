import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts'];

/** A relative specifier resolved to a file on disk, the way NodeNext writes them (`./x.js` → x.ts). */
export function resolveRelativeSpecifier(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, ...TS_EXTENSIONS.map((e) => stem + e), ...TS_EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => /\.[cm]?tsx?$/.test(c) && existsSync(c));
}

export function modulePseudoName(fromFile: string, specifier: string): string {
  return `module:${resolveRelativeSpecifier(fromFile, specifier) ?? specifier}`;
}
