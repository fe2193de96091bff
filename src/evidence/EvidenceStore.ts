import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsogateError, redactSecrets } from '../errors/index.js';
import { evidenceSchema, type Evidence } from './Evidence.js';

/** Where a run's evidence lives: `reports/<run-id>/evidence/` unless the caller names a dir. */
export function evidenceDir(reportsDir: string, runId: string): string {
  return join(reportsDir, runId, 'evidence');
}

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..+$/, '');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

function fileNameFor(evidence: Evidence): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe(evidence.check)}--${safe(evidence.target)}.json`;
}

/** Writes one record; secrets are redacted on the way out, whatever the check put in. */
export async function writeEvidence(dir: string, evidence: Evidence): Promise<string> {
  const parsed = evidenceSchema.parse(evidence);
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileNameFor(parsed));
  await writeFile(path, redactSecrets(JSON.stringify(parsed, null, 2)) + '\n');
  return path;
}

export async function readEvidenceFile(path: string): Promise<Evidence> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (cause) {
    throw new IsogateError('ISOGATE_EVIDENCE_INVALID', `expected an evidence file at ${path}, found none`, {
      cause,
      hint: 'pass the path of a JSON file under reports/<run-id>/evidence/',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new IsogateError('ISOGATE_EVIDENCE_INVALID', `expected JSON in ${path}, found text that does not parse`, { cause });
  }
  const result = evidenceSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : `${issue.path.join('.') || '(root)'}: ${issue.message}`;
    throw new IsogateError('ISOGATE_EVIDENCE_INVALID', `${path} is not an evidence record (${where})`);
  }
  return result.data;
}

/** All records in a directory; a missing directory is no evidence, not an error. */
export async function readEvidenceDir(dir: string): Promise<Evidence[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = names.filter((n) => n.endsWith('.json')).sort();
  return Promise.all(files.map((n) => readEvidenceFile(join(dir, n))));
}
