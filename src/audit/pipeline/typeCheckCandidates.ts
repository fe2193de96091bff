import { ts } from 'ts-morph';
import type { AuditFileSet } from '../AuditProject.js';
import type { AuditSettings } from '../AuditSettings.js';
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

/** The type-check phase: one program over the candidates, the checker rules on each; their findings, by file. */
export function typeCheckCandidates(settings: AuditSettings, fileSet: AuditFileSet, parsed: ParsedFiles, taint: Taint,
  candidates: readonly Candidate[], files: readonly AuditFile[], lap: (phase: string) => void): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  if (candidates.length === 0) return out;
  const needed = neededFiles(candidates, files, taint);
  // Files that hand state over under a token a candidate may look up: the checker reads their registrations.
  const registering = files.filter((f) => f.facts.registers?.some((t) => taint.global.has(t)) === true).map((f) => f.abs);
  for (const f of registering) needed.add(f);
  const audited = new Set(files.map((f) => f.abs));
  // An audited file that is neither a candidate, nor a direct import of one (constants it folds,
  // types it names), nor mentions a tainted name cannot lead to state: served empty.
  const program = parsed.program([...candidates.map((c) => c.file.abs), ...registering, ...fileSet.declarations], (f) => audited.has(f) && !needed.has(f));
  const checker = program.getTypeChecker();
  lap('program');
  const resolver = new StateResolver(checker, settings, taint, (specifier, from) => {
    const resolved = ts.resolveModuleName(specifier, from, fileSet.options, ts.sys).resolvedModule?.resolvedFileName;
    const target = resolved === undefined ? undefined : program.getSourceFile(resolved);
    return target === undefined ? undefined : checker.getSymbolAtLocation(target);
  }, () => registering.flatMap((f) => program.getSourceFile(f) ?? []));
  if (process.env['ISOGATE_AUDIT_DEBUG'] === '1') {
    process.stderr.write(`audit: ${candidates.length} candidate files (program of ${program.getSourceFiles().length}), ${taint.global.size} project-wide tainted names, ${taint.size} in all\n`);
  }
  for (const { file, kinds, isWrapper } of candidates) {
    const sf = parsed.get(file.abs, file.text);
    const sink = new FindingSink(sf, file.rel);
    sink.adopt(file.syntax);
    const ctx = { sf, file: file.rel, settings, sink, isWrapper, resolver, tainted: taint.inFile(file.abs) };
    if (kinds.state) {
      checkStateAccess(ctx);
      checkSingletonState(ctx);
    }
    if (kinds.keys) checkRedisKeys(ctx);
    out.set(file.rel, sink.findings);
  }
  lap('checker');
  return out;
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
