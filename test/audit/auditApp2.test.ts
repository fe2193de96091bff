import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAuditSettings, runAudit } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';

const APP = resolve(import.meta.dirname, '../../fixtures/audit-app2');

interface Expected { rule: string; file: string; line: number }

async function auditApp() {
  const loaded = await loadConfig(join(APP, 'isogate.config.ts'));
  if (loaded.config.audit === undefined) throw new Error('the app config has no audit section');
  return runAudit(resolveAuditSettings(loaded.config.audit, loaded.dir, new Date('2026-03-15T12:00:00Z')));
}

describe('the audit on a second app (a fastify API with plugins and a worker process)', () => {
  it('reports exactly the findings listed in expected-findings.json: every one, and nothing else', async () => {
    const expected = (JSON.parse(readFileSync(join(APP, 'expected-findings.json'), 'utf8')) as { findings: Expected[] }).findings
      .map((e) => `${e.file}:${e.line} ${e.rule}`).sort();
    const report = await auditApp();
    const found = report.violations.map((v) => `${v.file}:${v.line} ${v.rule}`).sort();
    expect({ missed: expected.filter((e) => !found.includes(e)), falseAlarms: found.filter((f) => !expected.includes(f)) })
      .toEqual({ missed: [], falseAlarms: [] });
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
