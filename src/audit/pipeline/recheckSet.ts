import type { CachedFile } from '../FactsCache.js';
import { candidateKey, type Taint } from '../TaintSet.js';
import { cacheHit, type AuditFile } from './AuditFile.js';

/**
 * The files this run must judge. Without a cache: every file. With one: files whose cached
 * entry is no longer valid or whose candidate names changed, and their dependents that the
 * checker looks at (importers, and through re-exporting barrels, the importers of those).
 */
export function recheckSet(files: readonly AuditFile[], cached: Record<string, CachedFile> | undefined, changed: ReadonlySet<string> | undefined,
  taint: Taint, isCandidate: (abs: string) => boolean): Set<string> {
  if (cached === undefined) return new Set(files.map((f) => f.abs));
  const dirty = new Set<string>();
  for (const f of files) {
    const c = cached[f.rel];
    if (!cacheHit(f, c, changed) || c.candidateKey !== candidateKey(f.facts, taint.inFile(f.abs))) dirty.add(f.abs);
  }
  const importers = new Map<string, AuditFile[]>();
  for (const f of files) {
    for (const d of f.facts.deps) {
      const list = importers.get(d);
      if (list === undefined) importers.set(d, [f]);
      else list.push(f);
    }
  }
  const out = new Set(dirty);
  // A lookup by token depends on every registration of the token, wherever it is (no import needed).
  const tokens = new Set<string>();
  for (const f of files) {
    if (!dirty.has(f.abs)) continue;
    for (const t of [...(f.facts.registers ?? []), ...(cached[f.rel]?.facts.registers ?? [])]) tokens.add(t);
  }
  if (tokens.size > 0) for (const f of files) if (isCandidate(f.abs) && f.facts.ids.some((id) => tokens.has(id))) out.add(f.abs);
  const queue = [...dirty];
  const queued = new Set(queue);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    for (const importer of importers.get(file) ?? []) {
      // Only the checker's verdicts depend on other files: an unchanged dependent the checker
      // does not look at keeps its cached (syntax-only) findings.
      if (isCandidate(importer.abs)) out.add(importer.abs);
      if (importer.facts.reexports.includes(file) && !queued.has(importer.abs)) {
        queued.add(importer.abs);
        queue.push(importer.abs);
      }
    }
  }
  return out;
}
