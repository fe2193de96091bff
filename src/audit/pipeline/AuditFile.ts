import type { CachedFile } from '../FactsCache.js';
import type { FileFacts } from '../FileFacts.js';
import type { Finding } from '../Finding.js';

/** A file as read: its place and its content. */
export interface LoadedFile {
  abs: string;
  /** Relative to the root, with `/`. */
  rel: string;
  text: string;
  hash: string;
}

/**
 * What the audit knows of one file, by how it learned it:
 * - `cached`: facts and findings from the last run, still valid (same content, same config);
 * - `unparsed`: ruled out by the text prefilter: only its imports, read from the text;
 * - `parsed`: parsed this run: all its facts.
 * `unparsed` and `parsed` files carry this run's syntax findings and parse errors.
 */
export type AuditFile =
  | LoadedFile & { kind: 'cached'; facts: FileFacts; findings: Finding[] }
  | LoadedFile & { kind: 'unparsed'; facts: FileFacts; syntax: Finding[]; parseErrors: string[] }
  | LoadedFile & { kind: 'parsed'; facts: FileFacts; syntax: Finding[]; parseErrors: string[] };

export type AnalysedFile = Extract<AuditFile, { kind: 'unparsed' | 'parsed' }>;

/** The one test of whether a cached entry still describes a file. */
export function cacheHit(file: LoadedFile, cached: CachedFile | undefined, changed: ReadonlySet<string> | undefined): cached is CachedFile {
  return cached !== undefined && cached.hash === file.hash && changed?.has(file.abs) !== true;
}
