import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import type { FileFacts } from './FileFacts.js';
import type { Finding } from './Finding.js';

/** What the audit remembers of a file between runs, valid while its content hash is unchanged. */
export interface CachedFile {
  hash: string;
  facts: FileFacts;
  /** The names that made it a candidate: when the project's taint changes them, it is re-checked. */
  candidateKey: string;
  /** Raw findings (before allow comments and baseline). */
  findings: Finding[];
}

export interface FactsCacheData {
  version: 1;
  /** The config and tool the facts were computed under; any change invalidates them all. */
  key: string;
  files: Record<string, CachedFile>;
}

export const CACHE_DIR = '.isogate-cache';
/** The facts' format and the rules' version; with the TypeScript version, a new tool never reads an old cache. */
const TOOL_KEY = `isogate-audit/8 typescript/${ts.version}`;

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function cacheKeyOf(settingsFingerprint: unknown): string {
  return createHash('sha256').update(TOOL_KEY).update(JSON.stringify(settingsFingerprint)).digest('hex').slice(0, 16);
}

export async function readFactsCache(dir: string, key: string): Promise<FactsCacheData | undefined> {
  try {
    const data = JSON.parse(await readFile(join(dir, 'audit-facts.json'), 'utf8')) as FactsCacheData;
    return data.version === 1 && data.key === key && typeof data.files === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Written atomically, so an interrupted run leaves the previous cache, never half of one. */
export async function writeFactsCache(dir: string, data: FactsCacheData): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'audit-facts.json');
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(data));
  await rename(tmp, path);
}
