import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAuditSettings, runAudit } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';

const APP = resolve(import.meta.dirname, '../../fixtures/audit-app');

interface Expected { rule: string; file: string; line: number }

async function auditApp() {
  const loaded = await loadConfig(join(APP, 'isogate.config.ts'));
  if (loaded.config.audit === undefined) throw new Error('the app config has no audit section');
  return runAudit(resolveAuditSettings(loaded.config.audit, loaded.dir, new Date('2026-03-15T12:00:00Z')));
}

describe('the audit on an app laid out like a real service', () => {
  it('reports exactly the findings listed in expected-findings.json: every one, and nothing else', async () => {
    const expected = (JSON.parse(readFileSync(join(APP, 'expected-findings.json'), 'utf8')) as { findings: Expected[] }).findings
      .map((e) => `${e.file}:${e.line} ${e.rule}`).sort();
    const report = await auditApp();
    const found = report.violations.map((v) => `${v.file}:${v.line} ${v.rule}`).sort();
    expect({ missed: expected.filter((e) => !found.includes(e)), falseAlarms: found.filter((f) => !expected.includes(f)) })
      .toEqual({ missed: [], falseAlarms: [] });
    expect(report.filesScanned).toBeGreaterThanOrEqual(40);
  });

  it('says which write or which state makes a module-level value a finding', async () => {
    const report = await auditApp();
    const singletons = report.violations.filter((v) => v.rule === 'module-singleton').map((v) => v.message);
    expect(singletons).toContainEqual(expect.stringContaining('recentByTenant.set(tenantId'));
    expect(singletons).toContainEqual(expect.stringMatching(/'handles' holds tenant state/));
  });

  it('never reports inside the wrappers, and keeps the reviewed exceptions as suppressed', async () => {
    const report = await auditApp();
    expect(report.violations.filter((v) => v.file.startsWith('src/state/'))).toEqual([]);
    expect(report.suppressed.map((s) => `${s.file}:${s.line}`)).toEqual(['src/jobs/migrate-keys.ts:6', 'src/jobs/migrate-keys.ts:9', 'tests/helpers/tenants.ts:7']);
  });
});
