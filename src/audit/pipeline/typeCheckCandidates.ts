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
import type { AnalysedFile } from './AuditFile.js';

export interface Candidate {
  file: AnalysedFile;
  kinds: CandidateKinds;
  isWrapper: boolean;
}

/** The type-check phase: one program over the candidates, the checker rules on each; their findings, by file. */
export function typeCheckCandidates(settings: AuditSettings, fileSet: AuditFileSet, parsed: ParsedFiles, taint: Taint,
  candidates: readonly Candidate[], lap: (phase: string) => void): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  if (candidates.length === 0) return out;
  const program = parsed.program([...candidates.map((c) => c.file.abs), ...fileSet.declarations]);
  const checker = program.getTypeChecker();
  lap('program');
  const resolver = new StateResolver(checker, settings, taint, (specifier, from) => {
    const resolved = ts.resolveModuleName(specifier, from, fileSet.options, ts.sys).resolvedModule?.resolvedFileName;
    const target = resolved === undefined ? undefined : program.getSourceFile(resolved);
    return target === undefined ? undefined : checker.getSymbolAtLocation(target);
  });
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
    if (kinds.headers) checkLegacyHeaders(ctx);
    out.set(file.rel, sink.findings);
  }
  lap('checker');
  return out;
}
