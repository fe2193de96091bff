import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cliHarness.js';
import { CORPUS } from './corpusAudit.js';

// The copy lives under the repo's git-ignored cache, so `ioredis` resolves as it does for users.
const WORK = resolve(import.meta.dirname, '../../.isogate-cache', `changed-since-${process.pid}`);

interface JsonReport {
  violations: Array<{ file: string; line: number; rule: string }>;
  summary: { filesScanned: number; filesChecked: number };
}

const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: WORK, encoding: 'utf8' });
const audit = async (...argv: string[]) => {
  const run = await runCli(['audit', '--format', 'json', ...argv], WORK);
  return { code: run.code, err: run.err, json: run.code === 3 ? undefined : (JSON.parse(run.out) as JsonReport) };
};
const keys = (r: JsonReport | undefined) => (r?.violations ?? []).map((v) => `${v.file}:${v.line} ${v.rule}`).sort();

describe('isogate audit --changed-since', () => {
  beforeAll(() => {
    mkdirSync(WORK, { recursive: true });
    cpSync(join(CORPUS, 'src'), join(WORK, 'src'), { recursive: true });
    cpSync(join(CORPUS, 'tsconfig.json'), join(WORK, 'tsconfig.json'));
    // The corpus config without its import of isogate's sources: a plain object is a valid config too.
    writeFileSync(join(WORK, 'isogate.config.ts'), `export default { audit: {
      project: 'tsconfig.json',
      wrappers: ['src/state/state-access.ts', 'src/state/tenant-state.ts'],
      state: { modules: ['ioredis'], symbols: ['TenantStateManager'], globals: [{ module: 'src/legacy/globals.ts', names: ['GRAPH_STATE', 'EVENT_LOG'] }] },
      requestPath: ['src/routes/**'],
    } };\n`);
    writeFileSync(join(WORK, '.gitignore'), '.isogate-cache/\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'corpus');
  });
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('re-checks the changed file and its dependents only, from a cache of per-file facts, and agrees with a full run', async () => {
    const full = await audit();
    expect(full.code).toBe(1);
    expect(existsSync(join(WORK, '.isogate-cache', 'audit-facts.json'))).toBe(true);
    expect(keys(full.json)).toContain('src/routes/computed.ts:13 state-access');

    // keys.ts changes the constant computed.ts folds: computed.ts depends on it and must be re-checked.
    writeFileSync(join(WORK, 'src/routes/keys.ts'), "export const STORE_KEY = 'lab' + 'el';\n");
    const incremental = await audit('--changed-since', 'HEAD');
    expect(incremental.json?.summary.filesChecked).toBeLessThan(5);
    expect(keys(incremental.json)).not.toContain('src/routes/computed.ts:13 state-access');
    const fresh = await audit('--no-cache');
    expect(keys(incremental.json)).toEqual(keys(fresh.json));
  });

  it('picks up a new untracked file, and a change to a barrel reaches the files importing through it', async () => {
    writeFileSync(join(WORK, 'src/routes/added.ts'), "import { Redis } from 'ioredis';\nexport const make = (u: string) => new Redis(u);\n");
    writeFileSync(join(WORK, 'src/barrel/index.ts'), "export * from '../state/tenant-state.js';\nexport { Redis as Client } from 'ioredis';\nexport { EVENT_LOG as graph } from '../legacy/globals.js';\n");
    const incremental = await audit('--changed-since', 'HEAD');
    expect(keys(incremental.json)).toEqual(expect.arrayContaining(['src/routes/added.ts:1 state-access', 'src/routes/added.ts:2 state-access']));
    const fresh = await audit('--no-cache');
    expect(keys(incremental.json)).toEqual(keys(fresh.json));
  });

  it('fails closed: a file that may lead to state and does not parse, or a ref git does not know, is exit 3', async () => {
    writeFileSync(join(WORK, 'src/routes/broken.ts'), "import { Redis } from 'ioredis';\nexport const x = {;\n");
    const broken = await audit('--changed-since', 'HEAD');
    expect(broken.code).toBe(3);
    expect(broken.err).toContain('src/routes/broken.ts:2');
    rmSync(join(WORK, 'src/routes/broken.ts'));
    const badRef = await audit('--changed-since', 'no-such-ref');
    expect(badRef.code).toBe(3);
    expect(badRef.err).toContain('--changed-since needs a git checkout');
  });
});
