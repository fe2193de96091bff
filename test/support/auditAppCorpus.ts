import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAuditSettings, runAudit, type AuditReport } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';

/** One expected finding of an app corpus, as its expected-findings.json lists it. */
interface Expected { rule: string; file: string; line: number }

/** Audits an app corpus with its own isogate.config.ts, on a fixed date (its expiry dates stay meaningful). */
export async function auditAppCorpus(app: string): Promise<AuditReport> {
  const loaded = await loadConfig(join(app, 'isogate.config.ts'));
  if (loaded.config.audit === undefined) throw new Error(`the config of ${app} has no audit section`);
  return runAudit(resolveAuditSettings(loaded.config.audit, loaded.dir, new Date('2026-03-15T12:00:00Z')));
}

/** What the audit missed of the corpus's listed findings, and what it found that is not listed. */
export function compareWithListedFindings(app: string, report: AuditReport): { missed: string[]; falseAlarms: string[] } {
  const expected = (JSON.parse(readFileSync(join(app, 'expected-findings.json'), 'utf8')) as { findings: Expected[] }).findings
    .map((e) => `${e.file}:${e.line} ${e.rule}`).sort();
  const found = report.violations.map((v) => `${v.file}:${v.line} ${v.rule}`).sort();
  return { missed: expected.filter((e) => !found.includes(e)), falseAlarms: found.filter((f) => !expected.includes(f)) };
}
