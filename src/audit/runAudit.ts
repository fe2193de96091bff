import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import { IsogateError } from '../errors/index.js';
import { relativeToRoot, type AuditSettings } from './AuditSettings.js';
import { loadAuditFileSet } from './AuditProject.js';
import type { Baseline, BaselineEntry } from './Baseline.js';
import { changedFilesSince } from './changedFiles.js';
import { legacyHeaderFindings } from './checkLegacyHeaders.js';
import { plainRedisUrlLines } from './checkRedisTls.js';
import { cacheKeyOf, contentHash, readFactsCache, writeFactsCache, type CachedFile } from './FactsCache.js';
import { collectFileFacts, type FileFacts } from './FileFacts.js';
import type { Finding, ReportedFinding, SuppressedFinding } from './Finding.js';
import { FindingSink } from './FindingSink.js';
import { ParsedFiles } from './ParsedFiles.js';
import { candidateKey, candidateKinds } from './TaintSet.js';
import type { AuditFile, LoadedFile } from './pipeline/AuditFile.js';
import { FileAnalyser } from './pipeline/FileAnalyser.js';
import { recheckSet } from './pipeline/recheckSet.js';
import { settleFindings } from './pipeline/settleFindings.js';
import { taintFixpoint } from './pipeline/taintFixpoint.js';
import { typeCheckCandidates, type Candidate } from './pipeline/typeCheckCandidates.js';

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
  /** Milliseconds per phase: where the time went. */
  phases: Record<string, number>;
}

/**
 * The audit as a pipeline of phases over per-file states (AuditFile): load → prefilter/parse →
 * taint fixpoint → recheck set → type check (candidates only) → suppressions/baseline.
 */
export async function runAudit(settings: AuditSettings, options: AuditRunOptions = {}): Promise<AuditReport> {
  const started = performance.now();
  const { phases, lap } = phaseClock(started);

  // load: git and the cache are read while the files are (git in its own process)
  const key = cacheKeyOf({ root: settings.root, config: settings.config, today: settings.today, paths: options.paths ?? [] });
  const cacheRead = options.cacheDir !== undefined && options.changedSince !== undefined ? readFactsCache(options.cacheDir, key) : Promise.resolve(undefined);
  const changedRead = options.changedSince !== undefined ? changedFilesSince(settings.root, options.changedSince) : Promise.resolve(undefined);
  // Both awaited below; a rejection before then is not unhandled.
  cacheRead.catch(() => undefined);
  changedRead.catch(() => undefined);
  const fileSet = loadAuditFileSet(settings, options.paths);
  const loaded: LoadedFile[] = fileSet.files.map((abs) => {
    const text = readFileSync(abs, 'utf8');
    return { abs, rel: relativeToRoot(settings, abs), text, hash: contentHash(text) };
  });
  const [cache, changed] = await Promise.all([cacheRead, changedRead]);
  lap('load');

  // prefilter/parse, then the taint fixpoint
  const parsed = new ParsedFiles(fileSet.options);
  const analyser = new FileAnalyser(settings, parsed, options.prefilter !== false);
  const first = loaded.map((f) => analyser.first(f, cache?.files[f.rel], changed));
  const { files: tainted, taint } = taintFixpoint(settings, first, analyser);
  lap('parse+taint');

  // recheck set: every file judged this run is analysed now, and must parse (fail closed)
  const kindsOf = new Map(tainted.map((f) => {
    const isWrapper = settings.wrappers.matches(f.rel);
    const kinds = candidateKinds(settings, f.facts, taint.inFile(f.abs), isWrapper);
    return [f.abs, { isWrapper, kinds, candidate: kinds.state || kinds.keys }] as const;
  }));
  const recheck = recheckSet(tainted, cache?.files, changed, taint, (abs) => kindsOf.get(abs)?.candidate === true);
  const files: AuditFile[] = tainted.map((f) => (recheck.has(f.abs) ? analyser.again(f) : f));
  failOnParseErrors(files.flatMap((f) => (f.kind !== 'cached' && recheck.has(f.abs) ? f.parseErrors : [])));

  // type check: only candidates among the files judged this run
  const findingsByFile = new Map<string, Finding[]>();
  const candidates: Candidate[] = [];
  for (const f of files) {
    if (f.kind === 'cached') findingsByFile.set(f.rel, f.findings);
    else {
      findingsByFile.set(f.rel, f.syntax);
      const k = kindsOf.get(f.abs);
      if (k?.candidate === true) candidates.push({ file: f, kinds: k.kinds, isWrapper: k.isWrapper });
    }
  }
  lap('recheck');
  for (const [rel, findings] of typeCheckCandidates(settings, fileSet, parsed, taint, candidates, files, lap)) findingsByFile.set(rel, findings);
  for (const [rel, findings] of productionConfigFindings(settings)) findingsByFile.set(rel, findings);

  if (options.cacheDir !== undefined) {
    const entries: Record<string, CachedFile> = {};
    for (const f of files) {
      entries[f.rel] = { hash: f.hash, facts: f.facts, candidateKey: candidateKey(f.facts, taint.inFile(f.abs)), findings: findingsByFile.get(f.rel) ?? [] };
    }
    await writeFactsCache(options.cacheDir, { version: 1, key, files: entries });
  }

  // legacy headers: folded from every file's facts, each run (a constant's change reaches every reader)
  const byAbs = new Map(files.map((f) => [f.abs, f]));
  const fullFacts = new Map<string, FileFacts>();
  const headerFindings = legacyHeaderFindings(settings, files, (abs) => {
    const f = byAbs.get(abs);
    if (f === undefined) return undefined;
    let facts = fullFacts.get(abs);
    if (facts === undefined) {
      facts = collectFileFacts(parsed.get(f.abs, f.text));
      fullFacts.set(abs, facts);
      if (process.env['ISOGATE_AUDIT_DEBUG'] === '1') process.stderr.write(`audit: parsed ${f.rel} for the constants a header name folds from\n`);
    }
    return facts;
  });
  const allFindings = new Map(findingsByFile);
  for (const [rel, found] of headerFindings) allFindings.set(rel, [...(allFindings.get(rel) ?? []), ...found]);
  lap('headers');

  // suppressions/baseline
  const texts = new Map(files.map((f) => [f.rel, f.text]));
  const settled = settleFindings(allFindings, (rel) => texts.get(rel) ?? '', settings.today, options.baseline);
  lap('report');
  return {
    root: settings.root,
    ...settled,
    filesScanned: files.length,
    filesChecked: recheck.size,
    filesTypeChecked: candidates.length,
    durationMs: Math.round(performance.now() - started),
    phases,
  };
}

function phaseClock(started: number): { phases: Record<string, number>; lap: (phase: string) => void } {
  const phases: Record<string, number> = {};
  let mark = started;
  const lap = (phase: string): void => {
    const now = performance.now();
    phases[phase] = Math.round((phases[phase] ?? 0) + now - mark);
    mark = now;
    if (process.env['ISOGATE_AUDIT_DEBUG'] === '1') process.stderr.write(`audit phase ${phase}: ${phases[phase]} ms, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB\n`);
  };
  return { phases, lap };
}

/** Production config that is not TypeScript (.env, YAML, JSON) is read as text. */
function productionConfigFindings(settings: AuditSettings): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const file of settings.productionFiles) {
    if (/\.[cm]?tsx?$/.test(file)) continue;
    const rel = relativeToRoot(settings, file);
    const sink = new FindingSink(ts.createSourceFile(file, '', ts.ScriptTarget.Latest), rel);
    for (const at of plainRedisUrlLines(readFileSync(file, 'utf8'))) {
      sink.reportAt('redis-tls', at.line, at.column, 'production Redis URL uses redis:// (plain text); production requires rediss:// (TLS)', 'redis-url');
    }
    out.set(rel, sink.findings);
  }
  return out;
}

function failOnParseErrors(problems: string[]): void {
  if (problems.length > 0) {
    throw new IsogateError('ISOGATE_AUDIT_PROJECT', `expected every audited file to parse, found ${problems.length} syntax error(s):\n  ${problems.slice(0, 20).join('\n  ')}`, {
      hint: 'the audit fails closed: a file it cannot read could hide a violation; fix the syntax (npx tsc --noEmit shows it)',
    });
  }
}
