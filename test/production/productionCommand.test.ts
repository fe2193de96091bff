import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIO } from '../../src/cli/index.js';
import { readEvidenceDir } from '../../src/evidence/index.js';

const dir = mkdtempSync(join(tmpdir(), 'isogate-production-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'Basic c2VjcmV0LXVzZXI6aHVudGVyMg==';

function io(lines: string[]): CommandIO {
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: dir, env: process.env };
}

describe('isogate production', () => {
  it('with Prometheus down writes INCONCLUSIVE evidence saying why, and never shows the auth header', async () => {
    const config = join(dir, 'isogate.config.mjs');
    writeFileSync(config, `export default { production: { prometheus: { url: 'http://127.0.0.1:9', authorization: ${JSON.stringify(SECRET)}, headers: { 'X-Scope-OrgID': 'tenant-secret-org' } } } };\n`);
    const evidenceDir = join(dir, 'evidence');
    const lines: string[] = [];
    const code = await main(['production', '--config', config, '--plan', 'request-isolation', '--stage', 'canary', '--canary-percent', '10', '--evidence-dir', evidenceDir], io(lines));
    expect(code).toBe(2);
    const [e] = await readEvidenceDir(evidenceDir);
    expect(e?.check).toBe('production');
    expect(e?.status).toBe('inconclusive');
    expect((e?.details as { reason: string }).reason).toMatch(/Prometheus gave no answer/);
    expect(e?.metrics.rehearsal).toBe(0);
    const written = readdirSync(evidenceDir).map((f) => readFileSync(join(evidenceDir, f), 'utf8')).join('\n') + lines.join('\n');
    expect(written).not.toContain('c2VjcmV0LXVzZXI6aHVudGVyMg');
    expect(written).not.toContain('tenant-secret-org');
    // The plan's thresholds and its cohort share were the ones asked for.
    expect((e?.details as { canaryPercent: number }).canaryPercent).toBe(10);
  });

  it('refuses a cohort selector that is not PromQL label matchers', async () => {
    const config = join(dir, 'bad.config.mjs');
    writeFileSync(config, `export default { production: { prometheus: { url: 'http://127.0.0.1:9' }, cohorts: { canary: '{cohort=canary}' } } };\n`);
    const lines: string[] = [];
    const code = await main(['production', '--config', config, '--evidence-dir', join(dir, 'ev2')], io(lines));
    expect(code).toBe(3);
    expect(lines.join('\n')).toMatch(/label matchers without braces/);
  });
});
