// npm run gate:faults: a stage GO on the correct reference service turns NO-GO when one of its
// checks runs again against the service with a seeded fault that breaks that check.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const ZX = join(REPO, 'node_modules', '.bin', 'zx');
const BIN = join(REPO, 'bin', 'isogate.mjs');
let root: string;

async function run(command: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await exec(command, args, { cwd: REPO, timeout: 240_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'isogate-faults-'));
  // The plan's first stage runs one scenario check (seconds): its GO report is what a walk leaves.
  const go = await run('node', [BIN, 'gate', '--plan', 'tenant-filtered-retrieval', '--stage', 'phase-0', '--reports-dir', join(root, 'tenant-filtered-retrieval')]);
  expect(go.code, go.out).toBe(0);
}, 240_000); // hang guard: one gate run in a child process
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('npm run gate:faults', () => {
  it('turns a GO stage NO-GO by re-running one check with a fault that breaks it, and names the failing criterion', async () => {
    const r = await run(ZX, [join(REPO, 'scripts', 'gate-faults.mjs'), '--from', root]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/tenant-filtered-retrieval\s+phase-0\s+tenant-retrieval\s+fallback-unfiltered\s+NO-GO\s+\d+ s\s+phase-0\./);
    expect(r.out).toContain('every stage NO-GO on a seeded fault');
  }, 240_000); // hang guard: a scenario check and a gate run in child processes

  it('refuses a run without --from, and a directory holding no GO report, with exit 3', async () => {
    const none = await run(ZX, [join(REPO, 'scripts', 'gate-faults.mjs')]);
    expect(none.code).toBe(3);
    expect(none.out).toContain('ISOGATE_USAGE');
    const empty = await run(ZX, [join(REPO, 'scripts', 'gate-faults.mjs'), '--from', join(root, 'nothing-here')]);
    expect(empty.code).toBe(3);
    expect(empty.out).toContain('found none');
  }, 60_000); // hang guard
});
