import type { AuditSettings } from './AuditSettings.js';
import type { FileFacts } from './FileFacts.js';
import type { Finding } from './Finding.js';
import type { NamePart } from './headerFacts.js';

const MAX_DEPTH = 16;

/** A file as the header rule needs it: its place and its facts. */
export interface HeaderFile {
  abs: string;
  rel: string;
  facts: FileFacts;
}

/**
 * Rule `legacy-header`: a read of a legacy tenant header (`headers[...]`, `headers.get()`,
 * `req.header()`, destructuring `headers`), its name folded from literals, templates,
 * concatenation and constants, also imported ones (headerFacts.ts). Allowed only in the compat
 * module, until the cutoff. Decided from the facts of every file each run, cached or not, so a
 * constant changed in one file changes the verdict wherever it is read.
 */
export function legacyHeaderFindings(settings: AuditSettings, files: readonly HeaderFile[], fullFacts: (abs: string) => FileFacts | undefined): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const legacy = settings.legacyHeaders;
  if (legacy === undefined) return out;
  const byAbs = new Map(files.map((f) => [f.abs, f]));
  const factsOf = (abs: string): FileFacts | undefined => {
    const f = byAbs.get(abs);
    return f === undefined ? undefined : f.facts.unparsed === true ? fullFacts(abs) : f.facts;
  };
  const folder = new ConstantNames(factsOf);
  const expired = legacy.until !== undefined && settings.today > legacy.until;
  for (const f of files) {
    const reads = f.facts.headers;
    if (reads === undefined) continue;
    const allowedHere = legacy.allowedIn.matches(f.rel);
    if (allowedHere && !expired) continue;
    const why = allowedHere ? `after the compatibility window closed on ${legacy.until ?? ''}` : 'outside the compatibility module';
    const findings: Finding[] = [];
    const lines = new Set<number>();
    for (const r of reads) {
      const name = folder.fold(f.abs, r.parts, 0)?.toLowerCase();
      if (name === undefined || !legacy.names.has(name) || lines.has(r.line)) continue;
      lines.add(r.line);
      findings.push({ rule: 'legacy-header', file: f.rel, line: r.line, column: r.column, message: `legacy tenant header '${name}' is read ${why}`, symbol: `${r.scope}>${name}` });
    }
    if (findings.length > 0) out.set(f.rel, findings);
  }
  return out;
}

/** Folds name parts across files: a file's constants, its imports, the exporting file's re-exports. */
class ConstantNames {
  constructor(private readonly factsOf: (abs: string) => FileFacts | undefined) {}

  fold(file: string, parts: readonly NamePart[], depth: number): string | undefined {
    let out = '';
    for (const p of parts) {
      const text = typeof p === 'string' ? p : this.name(file, p[0], depth + 1);
      if (text === undefined) return undefined;
      out += text;
    }
    return out;
  }

  /** A name as the file itself sees it: its own constant, or one it imports. */
  private name(file: string, name: string, depth: number): string | undefined {
    const facts = depth > MAX_DEPTH ? undefined : this.factsOf(file);
    if (facts === undefined) return undefined;
    const own = facts.consts?.[name];
    if (own !== undefined) return this.fold(file, own, depth);
    const [head = name, member] = splitMember(name);
    const imported = facts.imports?.[head];
    if (imported === undefined) return undefined;
    const [dep, exported] = imported;
    if (exported === '*') return member === undefined ? undefined : this.exported(dep, member, depth + 1);
    return this.exported(dep, member === undefined ? exported : `${exported}.${member}`, depth + 1);
  }

  /** A name another file takes from this one: a constant, a named re-export, or one of its `export *` modules'. */
  private exported(file: string, name: string, depth: number): string | undefined {
    const facts = depth > MAX_DEPTH ? undefined : this.factsOf(file);
    if (facts === undefined) return undefined;
    const own = facts.consts?.[name];
    if (own !== undefined) return this.fold(file, own, depth);
    const [head = name, member] = splitMember(name);
    const named = facts.exportsAs?.[head];
    if (named !== undefined) {
      const [dep, local] = named;
      const target = member === undefined ? local : `${local}.${member}`;
      return dep === '' ? this.name(file, target, depth + 1) : this.exported(dep, target, depth + 1);
    }
    if (facts.imports?.[head] !== undefined) return undefined;
    for (const dep of facts.reexports) {
      if (Object.values(facts.exportsAs ?? {}).some(([d]) => d === dep)) continue;
      const found = this.exported(dep, name, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}

function splitMember(name: string): [string, string | undefined] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
}
