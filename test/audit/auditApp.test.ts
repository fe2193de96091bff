import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditAppCorpus, compareWithListedFindings } from '../support/auditAppCorpus.js';

const APP = resolve(import.meta.dirname, '../../fixtures/audit-app');
const auditApp = (): ReturnType<typeof auditAppCorpus> => auditAppCorpus(APP);

describe('the audit on an app laid out like a real service', () => {
  it('reports exactly the findings listed in expected-findings.json: every one, and nothing else', async () => {
    const report = await auditApp();
    expect(compareWithListedFindings(APP, report)).toEqual({ missed: [], falseAlarms: [] });
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
