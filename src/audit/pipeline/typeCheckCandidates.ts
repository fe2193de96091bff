import { ts } from 'ts-morph';
import type { AuditFileSet } from '../AuditProject.js';
import type { AuditSettings } from '../AuditSettings.js';
import { checkLegacyHeaders } from '../checkLegacyHeaders.js';
import { checkRedisKeys } from '../checkRedisKeys.js';
import { checkSingletonState } from '../checkSingletons.js';
import { checkStateAccess } from '../checkStateAccess.js';
import type { Finding } from '../Finding.js';
import { FindingSink } from '../FindingSink.js';
import type { ParsedFiles } from '../ParsedFiles.js';
import { StateResolver } from '../StateResolver.js';
import type { CandidateKinds, Taint } from '../TaintSet.js';
import type { AnalysedFile, AuditFile } from './AuditFile.js';

export interface Candidate {
  file: AnalysedFile;
  kinds: CandidateKinds;
  isWrapper: boolean;
}

/**
 * The type-check phase: the checker rules on each candidate; their findings, by file. A file that
 * is a candidate only for a header name to fold needs constants and imports, not the types of
 * the libraries: it is checked in a program without TypeScript's lib files and `@types`, which
 * costs a fraction of the full one. The split is by file, so a run that checks a file alone
 * (--changed-since) and a run that checks them all judge it the same way.
 */
export function typeCheckCandidates(settings: AuditSettings, fileSet: AuditFileSet, parsed: ParsedFiles, taint: Taint,
  candidates: readonly Candidate[], files: readonly AuditFile[], lap: (phase: string) => void): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const foldOnly = (c: Candidate): boolean => !c.kinds.state && !c.kinds.keys;
  const full = candidates.filter((c) => !foldOnly(c));
  const light = candidates.filter(foldOnly);
  if (full.length > 0) checkGroup(new Group(settings, fileSet, parsed, taint, files, full, false), out, lap);
  if (light.length > 0) checkGroup(new Group(settings, fileSet, parsed, taint, files, light, true), out, lap);
  return out;
}

function checkGroup(group: Group, out: Map<string, Finding[]>, lap: (phase: string) => void): void {
  const resolver = group.resolver();
  lap('program');
  for (const { file, kinds, isWrapper } of group.candidates) {
    const sf = group.parsed.get(file.abs, file.text);
    const sink = new FindingSink(sf, file.rel);
    sink.adopt(file.syntax);
    const ctx = { sf, file: file.rel, settings: group.settings, sink, isWrapper, resolver, tainted: group.taint.inFile(file.abs) };
    if (kinds.state) {
      checkStateAccess(ctx);
      checkSingletonState(ctx);
    }
    if (kinds.keys) checkRedisKeys(ctx);
    if (kinds.headers) checkLegacyHeaders(ctx);
    out.set(file.rel, sink.findings);
  }
  lap('checker');
}

/** One program over a group of candidates, and the resolver over its checker. */
class Group {
  constructor(readonly settings: AuditSettings, private readonly fileSet: AuditFileSet, readonly parsed: ParsedFiles, readonly taint: Taint,
    private readonly files: readonly AuditFile[], readonly candidates: readonly Candidate[], private readonly light: boolean) {}

  resolver(): StateResolver {
    const { fileSet, taint, files, candidates } = this;
    const needed = neededFiles(candidates, this.light ? [] : files, taint);
    // Files that hand state over under a token a candidate may look up: the checker reads their registrations.
    const registering = this.light ? [] : files.filter((f) => f.facts.registers?.some((t) => taint.global.has(t)) === true).map((f) => f.abs);
    for (const f of registering) needed.add(f);
    const audited = new Set(files.map((f) => f.abs));
    const options: ts.CompilerOptions = this.light ? { ...fileSet.options, noLib: true, types: [], lib: undefined } : fileSet.options;
    // An audited file that is neither a candidate, nor a direct import of one (constants it folds,
    // types it names), nor mentions a tainted name cannot lead to state: served empty.
    const roots = [...candidates.map((c) => c.file.abs), ...registering, ...fileSet.declarations];
    const program = this.parsed.program(roots, (f) => audited.has(f) && !needed.has(f), options);
    const checker = program.getTypeChecker();
    if (process.env['ISOGATE_AUDIT_DEBUG'] === '1') {
      process.stderr.write(`audit: ${candidates.length} candidate files (${this.light ? 'light ' : ''}program of ${program.getSourceFiles().length}), ${taint.global.size} project-wide tainted names, ${taint.size} in all\n`);
    }
    return new StateResolver(checker, this.settings, taint, (specifier, from) => {
      const resolved = ts.resolveModuleName(specifier, from, fileSet.options, ts.sys).resolvedModule?.resolvedFileName;
      const target = resolved === undefined ? undefined : program.getSourceFile(resolved);
      return target === undefined ? undefined : checker.getSymbolAtLocation(target);
    }, () => registering.flatMap((f) => program.getSourceFile(f) ?? []));
  }
}

function neededFiles(candidates: readonly Candidate[], files: readonly AuditFile[], taint: Taint): Set<string> {
  const needed = new Set<string>();
  for (const c of candidates) {
    needed.add(c.file.abs);
    for (const d of c.file.facts.deps) needed.add(d);
  }
  for (const f of files) {
    if (needed.has(f.abs)) continue;
    const tainted = taint.inFile(f.abs);
    if (f.facts.ids.some((id) => tainted.has(id))) needed.add(f.abs);
  }
  return needed;
}
