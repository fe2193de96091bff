import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { GateReport, PreviousReport } from './GateReport.js';
import { sha256 } from './provenance.js';

export interface PreviousSearch {
  found?: PreviousReport;
  /** What was there instead, for the error message. */
  seen: string[];
}

function isReport(value: unknown): value is GateReport {
  return typeof value === 'object' && value !== null && (value as { schema?: unknown }).schema === 'isogate/gate-report@1';
}

/**
 * The newest GO report of `stage` in `plan` for `commit`, under <reportsDir>/<stage>/<run>/.
 * An unknown commit matches nothing: a GO for some other build says nothing about this one.
 */
export async function findPreviousReport(reportsDir: string, planId: string, stage: string, commit: string, fromDir: string): Promise<PreviousSearch> {
  const stageDir = join(reportsDir, stage);
  let runs: string[];
  try {
    runs = (await readdir(stageDir)).sort().reverse();
  } catch {
    return { seen: [] };
  }
  const seen: string[] = [];
  for (const run of runs) {
    const path = join(stageDir, run, 'report.json');
    let bytes: Buffer;
    let json: unknown;
    try {
      bytes = await readFile(path);
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      continue;
    }
    if (!isReport(json) || json.plan.id !== planId) continue;
    const c = json.provenance.commit;
    seen.push(`${run}: ${json.verdict} for commit ${c.slice(0, 12)}`);
    if (json.verdict === 'GO' && c === commit && commit !== 'unknown') {
      return { seen, found: { stage, runId: json.runId, path: relative(fromDir, path), sha256: sha256(bytes), verdict: json.verdict, commit: c } };
    }
  }
  return { seen };
}
