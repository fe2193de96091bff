import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateReport } from '../../src/gate/index.js';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const ZX = join(REPO, 'node_modules', '.bin', 'zx');
const SCRIPT = join(REPO, 'scripts', 'gate.mjs');
let root: string;

// A stage whose checks this isogate does not have: the gate must say INCONCLUSIVE and why.
const CONFIG = `export default {
  gate: {
    plan: {
      id: 'future', title: 'Checks not built yet', document: 'docs/future.md',
      stages: [{
        id: 'first', title: 'First', summary: 'checks from a later issue', source: { document: 'docs/future.md', section: 'First' },
        runs: [{ id: 'scenario-next', argv: ['not-a-command-yet', 'tenant-header'], produces: ['tenant-header'] }],
        criteria: [{ id: 'first.served-tenant', check: 'tenant-header', metric: 'wrongTenant', op: '==', value: 0,
          minSamples: { metric: 'cases', value: 50 }, text: 'served tenant is the token\\'s', source: { document: 'docs/future.md', section: 'First' } }],
      }],
    },
  },
};
`;

async function zx(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(ZX, [SCRIPT, ...args], { cwd: root, env: { ...process.env, GITHUB_SHA: 'c'.repeat(40), GITHUB_STEP_SUMMARY: '' }, timeout: 50_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'isogate-gatescript-'));
  await writeFile(join(root, 'isogate.config.mjs'), CONFIG);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scripts/gate.mjs (zx) through the isogate CLI', () => {
  it('a stage whose check does not exist yet is INCONCLUSIVE (exit 2) and names the missing evidence', async () => {
    const r = await zx(['--stage', 'first', '--config', 'isogate.config.mjs', '--reports-dir', 'out']);
    expect(r.out).toContain('▶ scenario-next: isogate not-a-command-yet tenant-header --config');
    expect(r.out).toMatch(/! scenario-next: exit 3 after [\d.]+ s \(missing-command: this isogate has no such command yet\)/);
    expect(r.out).toContain('INCONCLUSIVE  future / first');
    expect(r.out).toContain('? first.served-tenant: no evidence: `isogate not-a-command-yet tenant-header` is not a command of this isogate yet (exit 3)');
    expect(r.code).toBe(2);
    const html = /reports: (\S+report\.html)/.exec(r.out)?.[1] ?? '';
    const report = JSON.parse(await readFile(html.replace('report.html', 'report.json'), 'utf8')) as GateReport;
    expect(report.runs[0]).toMatchObject({ outcome: 'missing-command', exitCode: 3 });
    expect(report.provenance.configPath).toBe(join(root, 'isogate.config.mjs'));
    expect(report.provenance.configHash).toMatch(/^[0-9a-f]{64}$/);
  }, 55_000);

  it('rejects an unknown option with exit 3 before running anything', async () => {
    const r = await zx(['--stage', 'first', '--stgae', 'x']);
    expect(r.code).toBe(3);
    expect(r.out).toContain('ISOGATE_USAGE: expected --stage <stage>');
  });
});
