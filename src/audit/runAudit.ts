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
import { checkSingletonState, checkSingletons } from './checkSingletons.js';
import { checkStateAccess } from './checkStateAccess.js';
import { cacheKeyOf, contentHash, readFactsCache, writeFactsCache, type CachedFile } from './FactsCache.js';
import { collectFileFacts, type FileFacts } from './FileFacts.js';
import { compareFindings, type Finding, type ReportedFinding, type SuppressedFinding } from './Finding.js';
import { FindingSink } from './FindingSink.js';
import { ParsedFiles } from './ParsedFiles.js';
import { StateResolver } from './StateResolver.js';
import { depsByText, TextPrefilter, wordPattern } from './TextPrefilter.js';
import { applyAllowComments, readAllowComments } from './Suppressions.js';
import { candidateKey, candidateKinds, computeTaint, type CandidateKinds, type Taint } from './TaintSet.js';

export interface AuditRunOptions {
  /** Narrow the audit to these files or directories (absolute). */
  paths?: string[];
  /** Re-check only what changed since this git ref (and what depends on it); the rest comes from the cache. */
  changedSince?: string;
  /** Where per-file facts are cached; undefined: no cache. */
  cacheDir?: string;
  baseline?: Baseline;
  /** false: parse every file, skipping the text prefilter (what tests compare it against). */
  prefilter?: false;
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
  /** Findings of the syntax-only rules, when this run parsed the file. */
  syntax?: Finding[];
  /** Parse errors, when this run parsed the file. */
  parseErrors?: string[];
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
  // One parse per file gives its facts, its syntax findings and its parse errors; the tree is
  // kept for the program (which needs most of them as the candidates' imports).
  const syntaxPass = (w: FileWork, facts: boolean): void => {
    const sf = parsed.get(w.abs, w.text);
    if (facts) w.facts = collectFileFacts(sf);
    w.parseErrors = parseErrorsOf(sf, settings);
    const sink = new FindingSink(sf, w.rel);
    const ctx = { sf, file: w.rel, settings, sink, isWrapper: settings.wrappers.matches(w.rel) };
    checkSingletons(ctx);
    checkRedisTls(ctx);
    w.syntax = sink.findings;
  };
  const prefilter = new TextPrefilter(settings);
  const withFacts = (w: FileWork): void => {
    const cached = cache?.files[w.rel];
    if (cached !== undefined && cached.hash === w.hash && changed?.has(w.abs) !== true && cached.facts.unparsed !== true) w.facts = cached.facts;
    else syntaxPass(w, true);
  };
  for (const w of work) {
    if (options.prefilter === false || prefilter.mayMatter(w.text)) {
      withFacts(w);
      continue;
    }
    const cached = cache?.files[w.rel];
    if (cached !== undefined && cached.hash === w.hash && changed?.has(w.abs) !== true) {
      w.facts = cached.facts;
      continue;
    }
    if (prefilter.mayHaveSyntaxFindings(w.rel, w.text)) syntaxPass(w, false);
    else {
      w.syntax = [];
      // Fail closed: a file the prefilter rules out must still parse. A throwaway tree without
      // parent pointers is the cheapest parse that yields TypeScript's own parse diagnostics.
      w.parseErrors = parseErrorsOf(ts.createSourceFile(w.abs, w.text, ts.ScriptTarget.Latest, false), settings);
    }
    w.facts = unparsedFacts(w.abs, w.text);
  }
  let taint = computeTaint(settings, work.map((w) => [w.abs, w.facts as FileFacts] as const));
  // Names bound from state names are state too: a file ruled out above that mentions one is
  // parsed after all, until no more are.
  for (let seen = 0; taint.global.size > seen;) {
    seen = taint.global.size;
    const mentions = new RegExp(wordPattern([...taint.global]));
    const more = work.filter((w) => w.facts?.unparsed === true && mentions.test(w.text));
    for (const w of more) withFacts(w);
    if (more.length > 0) taint = computeTaint(settings, work.map((w) => [w.abs, w.facts as FileFacts] as const));
  }
  lap('load+syntax');
  const kindsOf = new Map(work.map((w) => {
    const isWrapper = settings.wrappers.matches(w.rel);
    const kinds = candidateKinds(settings, w.facts as FileFacts, taint.inFile(w.abs), isWrapper);
    return [w.abs, { isWrapper, kinds, candidate: kinds.state || kinds.headers || kinds.keys }] as const;
  }));
  const recheck = filesToRecheck(work, cache?.files, changed, taint, (abs) => kindsOf.get(abs)?.candidate === true);
  for (const w of work) {
    if (!recheck.has(w.abs) || w.syntax !== undefined) continue;
    if (w.facts?.unparsed !== true || prefilter.mayHaveSyntaxFindings(w.rel, w.text)) syntaxPass(w, false);
    else w.syntax = [];
  }
  failOnParseErrors(work.filter((w) => recheck.has(w.abs)).flatMap((w) => w.parseErrors ?? []));

  const findingsByFile = new Map<string, Finding[]>();
  const candidates: Array<{ w: FileWork; sink: FindingSink; kinds: CandidateKinds; isWrapper: boolean }> = [];
  for (const w of work) {
    const cached = cache?.files[w.rel];
    if (!recheck.has(w.abs) && cached !== undefined) {
      findingsByFile.set(w.rel, cached.findings);
      continue;
    }
    const { kinds, isWrapper, candidate } = kindsOf.get(w.abs) as { kinds: CandidateKinds; isWrapper: boolean; candidate: boolean };
    if (!candidate) {
      findingsByFile.set(w.rel, w.syntax ?? []);
      continue;
    }
    const sink = new FindingSink(parsed.get(w.abs, w.text), w.rel);
    sink.adopt(w.syntax ?? []);
    findingsByFile.set(w.rel, sink.findings);
    candidates.push({ w, sink, kinds, isWrapper });
  }

  if (candidates.length > 0) {
    lap('rules');
    const roots = [...candidates.map((c) => c.w.abs), ...fileSet.declarations];
    const program = parsed.program(roots);
    const checker = program.getTypeChecker();
    lap('program');
    const resolver = new StateResolver(checker, settings, taint, (specifier, from) => {
      const resolved = ts.resolveModuleName(specifier, from, fileSet.options, ts.sys).resolvedModule?.resolvedFileName;
      const target = resolved === undefined ? undefined : program.getSourceFile(resolved);
      return target === undefined ? undefined : checker.getSymbolAtLocation(target);
    });
    if (process.env['ISOGATE_AUDIT_DEBUG'] === '1') process.stderr.write(`audit: ${candidates.length} candidate files (program of ${program.getSourceFiles().length}), ${taint.global.size} project-wide tainted names, ${taint.size} in all\n`);
    for (const { w, sink, kinds, isWrapper } of candidates) {
      const ctx = { sf: parsed.get(w.abs, w.text), file: w.rel, settings, sink, isWrapper, resolver, tainted: taint.inFile(w.abs) };
      if (kinds.state) {
        checkStateAccess(ctx);
        checkSingletonState(ctx);
      }
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
 * git names as changed, and their dependents that the checker looks at (importers, and through
 * re-exporting barrels, the importers of those).
 */
function filesToRecheck(work: FileWork[], cached: Record<string, CachedFile> | undefined, changed: Set<string> | undefined, taint: Taint,
  isCandidate: (abs: string) => boolean): Set<string> {
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
      // Only the checker's verdicts depend on other files: an unchanged dependent the checker
      // does not look at keeps its cached (syntax-only) findings.
      if (!out.has(importer.abs) && isCandidate(importer.abs)) out.add(importer.abs);
      if (importer.facts?.reexports.includes(file) === true && !queue.includes(importer.abs)) queue.push(importer.abs);
    }
  }
  return out;
}

function parseErrorsOf(sf: ts.SourceFile, settings: AuditSettings): string[] {
  const diagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diagnostics.slice(0, 3).map((d) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${relativeToRoot(settings, sf.fileName)}:${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

function failOnParseErrors(problems: string[]): void {
  if (problems.length > 0) {
    throw new IsogateError('ISOGATE_AUDIT_PROJECT', `expected every audited file to parse, found ${problems.length} syntax error(s):\n  ${problems.slice(0, 20).join('\n  ')}`, {
      hint: 'the audit fails closed: a file it cannot read could hide a violation; fix the syntax (npx tsc --noEmit shows it)',
    });
  }
}

/** Facts of a file the text prefilter ruled out: no names, only what it imports. */
function unparsedFacts(abs: string, text: string): FileFacts {
  return { ids: [], edges: [], locals: [], ...depsByText(abs, text), unparsed: true };
}

function settingsFingerprint(s: AuditSettings): unknown {
  return { root: s.root, config: s.config, today: s.today };
}
