import { resolveProjectSpecifier } from './resolveProjectSpecifier.js';

const REEXPORT = /export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g;
const IMPORT = /(?:from|import|require\s*\()\s*['"]([^'"]+)['"]/g;

/** A file's project imports and re-exports, by text: for files ruled out before parsing, so --changed-since still finds dependents. */
export function textDeps(file: string, text: string): { deps: string[]; reexports: string[] } {
  const resolveAll = (re: RegExp): string[] => [...text.matchAll(re)].flatMap((m) => {
    const r = m[1] === undefined ? undefined : resolveProjectSpecifier(file, m[1]);
    return r === undefined ? [] : [r];
  });
  const reexports = [...new Set(resolveAll(REEXPORT))];
  return { deps: [...new Set([...resolveAll(IMPORT), ...reexports])], reexports };
}
