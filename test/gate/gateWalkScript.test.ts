import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const ZX = join(REPO, 'node_modules', '.bin', 'zx');
const SCRIPT = join(REPO, 'scripts', 'gate-walk.mjs');
let root: string;

// Two stages whose first cannot be GO (its check is not a command): the walk must stop the plan
// there, list the second as not reached, print why, and exit non-zero.
const stage = (id: string): string => `{
  id: '${id}', title: '${id}', summary: 'a stage', source: { document: 'docs/walk.md', section: '${id}' },
  runs: [{ id: 'next', argv: ['not-a-command-yet'], produces: ['tenant-header'] }],
  criteria: [{ id: '${id}.served-tenant', check: 'tenant-header', metric: 'wrongTenant', op: '==', value: 0,
    minSamples: { metric: 'cases', value: 50 }, text: 'served tenant', source: { document: 'docs/walk.md', section: '${id}' } }],
}`;
const CONFIG = `export default { gate: { plan: { id: 'walk', title: 'Walk', document: 'docs/walk.md', stages: [${stage('first')}, ${stage('second')}] } } };\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'isogate-walk-'));
  await writeFile(join(root, 'isogate.config.ts'), CONFIG);
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

async function walk(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(ZX, [SCRIPT, ...args], { cwd: REPO, timeout: 120_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('npm run gate:walk', () => {
  it('walks a plan in order without --force: a stage not GO stops it, the rest are not reached, exit 1', async () => {
    const r = await walk(['--plans', 'walk', '--config', join(root, 'isogate.config.ts'), '--reports-dir', join(root, 'reports')]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/walk\s+first\s+INCONCLUSIVE/);
    expect(r.out).toMatch(/walk\s+second\s+NOT REACHED\s+-\s+needs a GO report of first/);
    expect(r.out).toContain('2 stage(s) not GO');
  }, 120_000); // hang guard: one gate run in a child process

  it('refuses an unknown option with exit 3', async () => {
    const r = await walk(['--nonsense']);
    expect(r.code).toBe(3);
    expect(r.out).toContain('ISOGATE_USAGE');
  }, 60_000); // hang guard
});
