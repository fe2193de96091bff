import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditAppCorpus, compareWithListedFindings } from '../support/auditAppCorpus.js';

const APP = resolve(import.meta.dirname, '../../fixtures/audit-app2');
const auditApp = (): ReturnType<typeof auditAppCorpus> => auditAppCorpus(APP);

describe('the audit on a second app (a fastify API with plugins and a worker process)', () => {
  it('reports exactly the findings listed in expected-findings.json: every one, and nothing else', async () => {
    const report = await auditApp();
    expect(compareWithListedFindings(APP, report)).toEqual({ missed: [], falseAlarms: [] });
    expect(report.filesScanned).toBe(26);
  }, 300_000); // hang guard: the first audit in the process loads the lib files, on a shared machine

  it('names the registration a token lookup reaches, and never reports inside the wrappers', async () => {
    const report = await auditApp();
    const lookup = report.violations.find((v) => v.file === 'src/services/preferences.ts' && v.line === 21);
    expect(lookup?.message).toContain("registered under 'cache' at src/server.ts:20");
    const decorator = report.violations.find((v) => v.file === 'src/routes/webhooks.ts' && v.line === 11);
    expect(decorator?.message).toContain("registered under 'redis' at src/plugins/redis.ts:15");
    expect(report.violations.filter((v) => v.file.startsWith('src/state/') || v.file === 'src/plugins/redis.ts')).toEqual([]);
  });
});
