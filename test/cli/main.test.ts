import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/isogate.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'isogate-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function isogate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const base = { ...process.env };
  delete base['REDIS_URL'];
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('the isogate command', () => {
  it('prints help listing its commands and the exit codes', () => {
    const run = isogate(['--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('doctor');
    expect(run.out).toMatch(/exit codes: 0 .*3 usage or config error/);
  });

  it('answers an unknown command with a usage error, exit 3', () => {
    const run = isogate(['frobnicate']);
    expect(run.code).toBe(3);
    expect(run.err).toContain('ISOGATE_USAGE');
  });

  it('doctor names the local redis-server route and validates the bundled config', () => {
    const run = isogate(['doctor']);
    expect(run.out).toMatch(/redis\s+(local-redis-server|testcontainers): /);
    expect(run.out).toMatch(/config\s+valid: .*isogate\.config\.ts/);
    expect(run.code).toBe(0);
  });

  it('doctor reports a bad config as path: problem and exits 3, without a stack trace', () => {
    const bad = join(scratch, 'bad.config.ts');
    writeFileSync(bad, `export default { targets: { t: { kind: 'module' } } };\n`);
    const run = isogate(['doctor', '--config', bad]);
    expect(run.code).toBe(3);
    expect(run.out).toMatch(/targets\.t\.module: /);
    expect(run.out + run.err).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown option with the command’s usage', () => {
    const run = isogate(['doctor', '--nope']);
    expect(run.code).toBe(3);
    expect(run.err).toContain('usage: isogate doctor');
  });
});
