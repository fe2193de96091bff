import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readEvidenceFile, type Evidence } from '../evidence/index.js';
import { isIsogateError, redactSecrets } from '../errors/index.js';

export interface CollectedEvidence {
  evidence: Evidence;
  /** Absolute path; undefined for records the gate wrote itself. */
  path?: string;
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(entries.map(async (e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return e.isFile() && e.name.endsWith('.json') ? [full] : [];
  }));
  return nested.flat().sort();
}

/** The record the gate writes when a check gave none: missing evidence must read as an error, never a pass. */
export function errorRecord(check: string, reason: string, startedAt: Date, durationMs = 0): Evidence {
  return {
    check, target: 'gate', status: 'error', metrics: {}, details: { reason: redactSecrets(reason) },
    seed: null, startedAt: startedAt.toISOString(), durationMs, artifacts: [],
  };
}

/**
 * Every evidence record under `dir`. A file that is not valid evidence becomes an error record
 * for the check its name says, with a warning: it can never count as a pass.
 */
export async function collectEvidence(dir: string, warnings: string[]): Promise<CollectedEvidence[]> {
  const files = await walk(dir);
  const out: CollectedEvidence[] = [];
  for (const path of files) {
    try {
      out.push({ evidence: await readEvidenceFile(path), path });
    } catch (error) {
      if (!isIsogateError(error)) throw error;
      const name = relative(dir, path);
      const check = (name.split('/').pop() ?? name).split('--')[0] ?? 'unknown';
      warnings.push(`${name} is not valid evidence (${error.message}); counted as an error of ${check}`);
      out.push({ evidence: errorRecord(check, `invalid evidence file ${name}: ${error.message}`, new Date()), path });
    }
  }
  return out;
}
