// Shared by the audit tests: the corpus's config, its expectation markers, and one audit per date.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { resolveAuditSettings, runAudit, type AuditReport } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';

export const CORPUS = resolve(import.meta.dirname, '../../fixtures/audit-corpus');
export const CORPUS_CONFIG = join(CORPUS, 'isogate.config.ts');
/** Inside the legacy-header window (it closes 2026-03-31), after the expired allow (2026-01-01). */
export const CORPUS_DAY = new Date('2026-03-15T12:00:00Z');

const reports = new Map<string, Promise<AuditReport>>();

export function auditCorpus(now: Date = CORPUS_DAY): Promise<AuditReport> {
  const key = now.toISOString().slice(0, 10);
  let report = reports.get(key);
  if (report === undefined) {
    report = (async () => {
      const loaded = await loadConfig(CORPUS_CONFIG);
      if (loaded.config.audit === undefined) throw new Error('corpus config has no audit section');
      return runAudit(resolveAuditSettings(loaded.config.audit, loaded.dir, now));
    })();
    reports.set(key, report);
  }
  return report;
}

/** `file:line rule` for every `// expect: <rule>[, <rule>]` marker in the corpus. */
export function expectedFindings(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.[cm]?ts$/.test(name)) {
        readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
          const m = /\/\/ expect: (.+)$/.exec(line);
          for (const rule of m?.[1]?.split(',') ?? []) out.push(`${relative(CORPUS, path)}:${i + 1} ${rule.trim()}`);
        });
      }
    }
  };
  walk(join(CORPUS, 'src'));
  return out.sort();
}

export function asKeys(report: AuditReport): string[] {
  return report.violations.map((v) => `${v.file}:${v.line} ${v.rule}`).sort();
}
