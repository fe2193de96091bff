import { ts } from 'ts-morph';
import { relativeToRoot, type AuditSettings } from '../AuditSettings.js';
import { checkRedisTls } from '../checkRedisTls.js';
import { checkSingletons } from '../checkSingletons.js';
import type { CachedFile } from '../FactsCache.js';
import { collectFileFacts, type FileFacts } from '../FileFacts.js';
import type { Finding } from '../Finding.js';
import { FindingSink } from '../FindingSink.js';
import type { ParsedFiles } from '../ParsedFiles.js';
import { TextPrefilter } from '../TextPrefilter.js';
import { textDeps } from '../textDeps.js';
import { cacheHit, type AnalysedFile, type AuditFile, type LoadedFile } from './AuditFile.js';

/** The prefilter/parse phase for one file: one parse gives its facts, its syntax findings and its parse errors. */
export class FileAnalyser {
  private readonly prefilter: TextPrefilter;

  constructor(private readonly settings: AuditSettings, private readonly parsed: ParsedFiles, private readonly usePrefilter: boolean) {
    this.prefilter = new TextPrefilter(settings);
  }

  /** A file from the cache when its entry is still valid, else analysed now. */
  first(file: LoadedFile, cached: CachedFile | undefined, changed: ReadonlySet<string> | undefined): AuditFile {
    // The same text under the same config (the cache key) gets the same prefilter answer, so a
    // valid entry is used without reading the text again; only a run without the prefilter
    // needs full facts where the cache kept text-only ones.
    if (cacheHit(file, cached, changed) && (this.usePrefilter || cached.facts.unparsed !== true)) {
      return { ...file, kind: 'cached', facts: cached.facts, findings: cached.findings };
    }
    return !this.usePrefilter || this.prefilter.mayMatter(file.text) ? this.parse(file) : this.skim(file);
  }

  /** Analysed this run (for a cached file the checker must see again), keeping full facts full. */
  again(file: AuditFile): AnalysedFile {
    if (file.kind !== 'cached') return file;
    return file.facts.unparsed === true ? this.skim(file) : this.parse(file);
  }

  parse(file: LoadedFile): AnalysedFile {
    const sf = this.parsed.get(file.abs, file.text);
    return { ...strip(file), kind: 'parsed', facts: collectFileFacts(sf), syntax: this.syntaxFindings(sf, file.rel), parseErrors: parseErrorsOf(sf, this.settings) };
  }

  /**
   * A file the prefilter rules out: parsed only where a syntax rule may report. Not parsed at all
   * otherwise, not even for its parse errors: nothing in its text can lead to state, whatever its
   * syntax (the compiler reports its errors; failing closed is for files the audit must read).
   */
  private skim(file: LoadedFile): AnalysedFile {
    const facts: FileFacts = { ids: [], edges: [], locals: [], ...textDeps(file.abs, file.text), unparsed: true };
    if (!this.prefilter.mayHaveSyntaxFindings(file.rel, file.text)) return { ...strip(file), kind: 'unparsed', facts, syntax: [], parseErrors: [] };
    // A tree for the syntax rules only, not kept: most of these files are never needed again, and
    // keeping hundreds of trees alive costs more in garbage collection than a rare second parse.
    const sf = ts.createSourceFile(file.abs, file.text, ts.ScriptTarget.Latest, true);
    return { ...strip(file), kind: 'unparsed', facts, syntax: this.syntaxFindings(sf, file.rel), parseErrors: parseErrorsOf(sf, this.settings) };
  }

  private syntaxFindings(sf: ts.SourceFile, rel: string): Finding[] {
    const sink = new FindingSink(sf, rel);
    const ctx = { sf, file: rel, settings: this.settings, sink, isWrapper: this.settings.wrappers.matches(rel) };
    checkSingletons(ctx);
    checkRedisTls(ctx);
    return sink.findings;
  }
}

function strip(file: LoadedFile): LoadedFile {
  return { abs: file.abs, rel: file.rel, text: file.text, hash: file.hash };
}

function parseErrorsOf(sf: ts.SourceFile, settings: AuditSettings): string[] {
  const diagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diagnostics.slice(0, 3).map((d) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${relativeToRoot(settings, sf.fileName)}:${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
