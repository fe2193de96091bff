import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import { IsogateError } from '../errors/index.js';
import { relativeToRoot, type AuditSettings } from './AuditSettings.js';
import { loadAuditFileSet } from './AuditProject.js';
import { applyBaseline, fingerprintOf, type Baseline, type BaselineEntry } from './Baseline.js';
import { changedFilesSince } from './changedFiles.js';
import { checkLegacyHeaders } from './checkLegacyHeaders.js';
import { checkRedisKeys } from './checkRedisKeys.js';
import { checkRedisTls, plainRedisUrlLines } from './checkRedisTls.js';
import { checkSingletons } from './checkSingletons.js';
import { checkStateAccess } from './checkStateAccess.js';
import { cacheKeyOf, contentHash, readFactsCache, writeFactsCache, type CachedFile } from './FactsCache.js';
import { collectFileFacts, type FileFacts } from './FileFacts.js';
import { compareFindings, type Finding, type ReportedFinding, type SuppressedFinding } from './Finding.js';
import { FindingSink } from './FindingSink.js';
import { ParsedFiles } from './ParsedFiles.js';
import { StateResolver } from './StateResolver.js';
import { applyAllowComments, readAllowComments } from './Suppressions.js';
import { candidateKey, candidateKinds, computeTaint, type Taint } from './TaintSet.js';

export interface AuditRunOptions {
  /** Narrow the audit to these files or directories (absolute). */
  paths?: string[];
  /** Re-check only what changed since this git ref (and what depends on it); the rest comes from the cache. */
  changedSince?: string;
  /** Where per-file facts are cached; undefined: no cache. */
  cacheDir?: string;
  baseline?: Baseline;
}

export interface AuditReport {
  root: string;
  violations: ReportedFinding[];
  suppressed: SuppressedFinding[];
  staleBaseline: Array<BaselineEntry & { unmatched: number }>;
  /** Findings after allow comments, before the baseline: what --write-baseline records. */
  unbaselined: Finding[];
  filesScanned: number;
  /** Files analysed this run (the rest came from the cache). */
  filesChecked: number;
  /** Files the type checker looked at. */
  filesTypeChecked: number;
  durationMs: number;
  /** Milliseconds per phase (load, syntax, program, checker, report): where the time went. */
  phases: Record<string, number>;
}

interface FileWork {
  abs: string;
  rel: string;
  text: string;
  hash: string;
  facts?: FileFacts;
  sf?: ts.SourceFile;
}

/** The audit: a syntax pass over every file, the type checker only on candidates. */
export async function runAudit(settings: AuditSettings, options: AuditRunOptions = {}): Promise<AuditReport> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const lap = (phase: string): void => {
    const now = performance.now();
    phases[phase] = Math.round((phases[phase] ?? 0) + now - mark);
    mark = now;
    if (process.env['ISOGATE_AUDIT_DEBUG'] === '1') process.stderr.write(`audit phase ${phase}: ${phases[phase]} ms, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB\n`);
  };
  const fileSet = loadAuditFileSet(settings, options.paths);
  const key = cacheKeyOf({ settings: settingsFingerprint(settings), paths: options.paths ?? [] });
  const cache = options.cacheDir !== undefined && options.changedSince !== undefined ? await readFactsCache(options.cacheDir, key) : undefined;
  const changed = options.changedSince !== undefined ? await changedFilesSince(settings.root, options.changedSince) : undefined;

  const work: FileWork[] = fileSet.files.map((abs) => {
    const text = readFileSync(abs, 'utf8');
    return { abs, rel: relativeToRoot(settings, abs), text, hash: contentHash(text) };
  });
  const parsed = new ParsedFiles(fileSet.options);
  const parse = (w: FileWork): ts.SourceFile => {
    w.sf ??= parsed.get(w.abs, w.text);
    return w.sf;
  };
  for (const w of work) {
    const cached = cache?.files[w.rel];
    w.facts = cached !== undefined && cached.hash === w.hash && changed?.has(w.abs) !== true ? cached.facts : collectFileFacts(parse(w));
  }
  lap('load+syntax');
  const taint = computeTaint(settings, work.map((w) => [w.abs, w.facts as FileFacts] as const));
  const recheck = filesToRecheck(work, cache?.files, changed, taint);
  failOnParseErrors(work.filter((w) => recheck.has(w.abs)).map(parse), settings);

  const findingsByFile = new Map<string, Finding[]>();
  const candidates: Array<{ w: FileWork; sink: FindingSink; kinds: ReturnType<typeof candidateKinds>; isWrapper: boolean }> = [];
  for (const w of work) {
    const cached = cache?.files[w.rel];
    if (!recheck.has(w.abs) && cached !== undefined) {
      findingsByFile.set(w.rel, cached.findings);
      continue;
    }
    const sf = parse(w);
    const sink = new FindingSink(sf, w.rel);
    const isWrapper = settings.wrappers.matches(w.rel);
    const ctx = { sf, file: w.rel, settings, sink, isWrapper };
    checkSingletons(ctx);
    checkRedisTls(ctx);
    findingsByFile.set(w.rel, sink.findings);
    const kinds = candidateKinds(settings, w.facts as FileFacts, taint.inFile(w.abs), isWrapper);
    if (kinds.state || kinds.headers || kinds.keys) candidates.push({ w, sink, kinds, isWrapper });
  }

  if (candidates.length > 0) {
    lap('rules');
    const roots = [...candidates.map((c) => c.w.abs), ...fileSet.declarations];
    const checker = parsed.program(roots).getTypeChecker();
    lap('program');
    const resolver = new StateResolver(checker, settings, taint);
    if (process.env['ISOGATE_AUDIT_DEBUG'] === '1') process.stderr.write(`audit: ${candidates.length} candidate files, ${taint.global.size} project-wide tainted names, ${taint.size} in all\n`);
    for (const { w, sink, kinds, isWrapper } of candidates) {
      const ctx = { sf: parse(w), file: w.rel, settings, sink, isWrapper, resolver, tainted: taint.inFile(w.abs) };
      if (kinds.state) checkStateAccess(ctx);
      if (kinds.keys) checkRedisKeys(ctx);
      if (kinds.headers) checkLegacyHeaders(ctx);
    }
    lap('checker');
  }
  for (const file of settings.productionFiles) {
    if (/\.[cm]?tsx?$/.test(file)) continue;
    const rel = relativeToRoot(settings, file);
    const sink = new FindingSink(ts.createSourceFile(file, '', ts.ScriptTarget.Latest), rel);
    for (const at of plainRedisUrlLines(readFileSync(file, 'utf8'))) {
      sink.reportAt('redis-tls', at.line, at.column, 'production Redis URL uses redis:// (plain text); production requires rediss:// (TLS)', 'redis-url');
    }
    findingsByFile.set(rel, sink.findings);
  }

  if (options.cacheDir !== undefined) {
    const files: Record<string, CachedFile> = {};
    for (const w of work) {
      files[w.rel] = { hash: w.hash, facts: w.facts as FileFacts, candidateKey: candidateKey(w.facts as FileFacts, taint.inFile(w.abs)), findings: findingsByFile.get(w.rel) ?? [] };
    }
    await writeFactsCache(options.cacheDir, { version: 1, key, files });
  }

  const kept: Finding[] = [];
  const allowSuppressed: Array<Finding & { suppression: SuppressedFinding['suppression'] }> = [];
  const texts = new Map(work.map((w) => [w.rel, w.text]));
  for (const [file, findings] of findingsByFile) {
    const outcome = applyAllowComments(file, findings, readAllowComments(texts.get(file) ?? ''), settings.today);
    kept.push(...outcome.kept, ...outcome.allowFindings);
    allowSuppressed.push(...outcome.suppressed);
  }
  kept.sort(compareFindings);
  lap('report');
  const baselined = applyBaseline(kept, options.baseline);
  const suppressed: SuppressedFinding[] = [
    ...allowSuppressed.map((f) => ({ ...f, fingerprint: fingerprintOf(f) })),
    ...baselined.baselined,
  ].sort(compareFindings);
  return {
    root: settings.root,
    violations: baselined.fresh,
    suppressed,
    staleBaseline: baselined.stale,
    unbaselined: kept,
    filesScanned: work.length,
    filesChecked: recheck.size,
    filesTypeChecked: candidates.length,
    durationMs: Math.round(performance.now() - started),
    phases,
  };
}

/**
 * Without a cache: every file. With one: files whose content or candidate names changed, files
 * git names as changed, and their dependents (importers, and through re-exporting barrels, the
 * importers of those).
 */
function filesToRecheck(work: FileWork[], cached: Record<string, CachedFile> | undefined, changed: Set<string> | undefined, taint: Taint): Set<string> {
  if (cached === undefined) return new Set(work.map((w) => w.abs));
  const dirty = new Set<string>();
  for (const w of work) {
    const c = cached[w.rel];
    if (c === undefined || c.hash !== w.hash || changed?.has(w.abs) === true || c.candidateKey !== candidateKey(w.facts as FileFacts, taint.inFile(w.abs))) dirty.add(w.abs);
  }
  const importers = new Map<string, FileWork[]>();
  for (const w of work) {
    for (const d of w.facts?.deps ?? []) {
      const list = importers.get(d);
      if (list === undefined) importers.set(d, [w]);
      else list.push(w);
    }
  }
  const out = new Set(dirty);
  const queue = [...dirty];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    for (const importer of importers.get(file) ?? []) {
      if (!out.has(importer.abs)) out.add(importer.abs);
      if (importer.facts?.reexports.includes(file) === true && !queue.includes(importer.abs)) queue.push(importer.abs);
    }
  }
  return out;
}

function failOnParseErrors(files: ts.SourceFile[], settings: AuditSettings): void {
  const problems: string[] = [];
  for (const sf of files) {
    const diagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
    for (const d of diagnostics.slice(0, 3)) {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.push(`${relativeToRoot(settings, sf.fileName)}:${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
  }
  if (problems.length > 0) {
    throw new IsogateError('ISOGATE_AUDIT_PROJECT', `expected every audited file to parse, found ${problems.length} syntax error(s):\n  ${problems.slice(0, 20).join('\n  ')}`, {
      hint: 'the audit fails closed: a file it cannot read could hide a violation; fix the syntax (npx tsc --noEmit shows it)',
    });
  }
}

function settingsFingerprint(s: AuditSettings): unknown {
  return { root: s.root, config: s.config, today: s.today };
}
