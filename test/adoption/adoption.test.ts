// isogate as a team adopts it: the package as npm packs it (prepack builds dist/), installed from
// the tarball into a project outside this repository with its own package.json and tsconfig, a
// store over the team's own ioredis wrapper, and the commands docs/ci.md's recipes run.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../../src/redis/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./project', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'isogate-adoption-'));
const app = join(work, 'app');
/** The versions isogate is tested with (its own devDependencies), so the install hits npm's cache. */
const devVersion = (name: string): string => (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let redis: RunningRedis;

/** The environment a CI job has: no npm script variables of ours, no isogate switches, REDIS_URL set. */
function jobEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('ISOGATE_') || k === 'REDIS_URL' || k === 'NODE_OPTIONS' || k.startsWith('VITEST')) continue;
    if (k.startsWith('npm_') && !['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, REDIS_URL: redis.url, NODE_ENV: 'test', CI: 'true' };
}

/** Runs a command in the user's project; the timeout is a hang guard only. */
function run(command: string, args: string[], timeoutMs = 300_000) {
  const r = spawnSync(command, args, { cwd: app, env: jobEnv(), encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '', all: `$ ${command} ${args.join(' ')}\n${r.stdout}\n${r.stderr}${r.error === undefined ? '' : `\n${r.error.message}`}` };
}
const isogate = (...args: string[]) => run('npx', ['--no-install', 'isogate', ...args]);

beforeAll(async () => {
  redis = await startRedis({ requireOwned: true });
  const packed = spawnSync('npm', ['pack', '--pack-destination', work, '--json'], { cwd: repo, encoding: 'utf8', timeout: 300_000, env: jobEnv() });
  expect(packed.status, packed.stderr).toBe(0);
  const [packedFile] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>;
  cpSync(fixture, app, { recursive: true });
  renameSync(join(app, 'isogate/tenantStore.filled.ts'), join(work, 'tenantStore.filled.ts'));
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'adoption-app', private: true, type: 'module' }, null, 2)}\n`);
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', join(work, packedFile?.filename ?? 'isogate.tgz'),
    `ioredis@${devVersion('ioredis')}`, `vitest@${devVersion('vitest')}`, `fast-check@${devVersion('fast-check')}`,
    `typescript@${devVersion('typescript')}`, `@types/node@${devVersion('@types/node')}`], 600_000);
  expect(install.code, install.all).toBe(0);
}, 900_000);

afterAll(async () => {
  await redis?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Each step spawns npx, tsx and Redis clients on a machine that may be busy: a hang guard only. */
const STEP = 600_000;

describe('a project adopting isogate from its npm tarball', () => {
  it('installs only the built package: dist with types, bin, README, LICENSE; no sources or tests', () => {
    const pkg = join(app, 'node_modules/isogate');
    const top = readdirSync(pkg).sort();
    expect(top).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'bin', 'dist', 'package.json']));
    for (const absent of ['src', 'test', 'bench', 'fixtures', 'suites', 'scripts', '.ci', 'tsconfig.json']) expect(top).not.toContain(absent);
    expect(readdirSync(join(pkg, 'dist/vitest'))).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'index.js.map']));
  });

  it('init writes the config, the target stub and the vitest file, and refuses to do it twice', () => {
    const first = isogate('init');
    expect(first.code, first.all).toBe(0);
    expect(first.out).toMatch(/ioredis in 2 files/);
    expect(first.out).toContain('npx isogate leak');
    const again = isogate('init');
    expect(again.code, again.all).toBe(3);
    expect(again.err).toMatch(/ISOGATE_INIT_EXISTS[\s\S]*docs: node_modules\/isogate\/README\.md#isogate_init_exists/);

    // What the team does next: fill in the stub, take a small budget, name its own plan.
    cpSync(join(work, 'tenantStore.filled.ts'), join(app, 'isogate/tenantStore.ts'));
    const config = readFileSync(join(app, 'isogate.config.ts'), 'utf8');
    const edited = config
      .replace("import { defineConfig } from 'isogate';", "import { defineConfig } from 'isogate';\nimport { plan } from './isogate/plan.js';")
      .replace('      // tenantId: /^[a-z0-9-]{1,32}$/,', '      tenantId: /^[a-z0-9-]{1,32}$/,')
      .replace('  // leakage: { runs: 100, tenants: { min: 2, max: 8 } },', '  leakage: { runs: 20 },')
      .replace("  // gate: { plan: 'tenant-scoped-state' },", '  gate: { plan },');
    expect(edited.match(/import \{ plan \}|^ {6}tenantId: |leakage: \{ runs: 20 \}|gate: \{ plan \}/gm)).toHaveLength(4);
    writeFileSync(join(app, 'isogate.config.ts'), edited);
  }, STEP);

  it('type-checks the config and targets against isogate\'s types, NodeNext and Bundler resolution both', () => {
    for (const project of ['tsconfig.json', 'tsconfig.bundler.json']) {
      const tsc = run('npx', ['--no-install', 'tsc', '--noEmit', '-p', project]);
      expect(tsc.code, tsc.all).toBe(0);
    }
  }, STEP);

  it('doctor sees the REDIS_URL route and a valid config', () => {
    const doctor = isogate('doctor');
    expect(doctor.code, doctor.all).toBe(0);
    expect(doctor.out).toMatch(/redis\s+redis-url/);
    expect(doctor.out).toMatch(/config\s+valid: .*isogate\.config\.ts \(1 target: store\)/);
  }, STEP);

  // The commands of docs/ci.md's recipes, in its order: audit and leak write evidence, the gate judges it.
  it('audit writes SARIF with no finding when only the wrappers import ioredis', () => {
    const audit = isogate('audit', '--format', 'sarif', '--output', 'reports/isogate.sarif', '--evidence-dir', 'reports/evidence');
    expect(audit.code, audit.all).toBe(0);
    const sarif = JSON.parse(readFileSync(join(app, 'reports/isogate.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toEqual([]);
  }, STEP);

  it('leak passes the correct store, with JUnit output', () => {
    const leak = isogate('leak', '--junit', 'reports/leak-junit.xml', '--evidence-dir', 'reports/evidence');
    expect(leak.code, leak.all).toBe(0);
    expect(leak.out).toMatch(/PASS\s+store: no leak in 20 runs/);
    expect(readFileSync(join(app, 'reports/leak-junit.xml'), 'utf8')).toMatch(/tests="1" failures="0" errors="0"/);
  }, STEP);

  it('gate on the team\'s own plan judges that evidence GO, with a markdown report for the step summary', () => {
    const go = isogate('gate', '--plan', 'adoption', '--stage', 'pre-rollout', '--evidence-dir', 'reports/evidence', '--reports-dir', 'reports/gate');
    expect(go.code, go.all).toBe(0);
    expect(go.out).toMatch(/^GO\s+adoption \/ pre-rollout/m);
    const [runId] = readdirSync(join(app, 'reports/gate/pre-rollout'));
    expect(readFileSync(join(app, 'reports/gate/pre-rollout', runId ?? '', 'report.md'), 'utf8')).toContain('GO');
  }, STEP);

  it('the vitest file init wrote runs the leakage property', () => {
    const vitest = run('npx', ['--no-install', 'vitest', 'run', 'isogate/leakage.test.ts']);
    expect(vitest.code, vitest.all).toBe(0);
    expect(vitest.all).toMatch(/1 passed/);
  }, STEP);

  it('catches the shared-hash store: leak fails with a replay line from isogate/vitest, the gate running its own checks says NO-GO', () => {
    const bad = isogate('leak', '--config', 'isogate.shared.config.ts', '--junit', 'reports/leak-shared.xml', '--evidence-dir', 'reports/shared-evidence');
    expect(bad.code, bad.all).toBe(1);
    expect(bad.out).toMatch(/FAIL\s+store: .*(read-leak-value|read-leak-keys|shared-storage)/);
    expect(bad.out).toContain("import { openLeakScenarioFromConfig, test } from 'isogate/vitest';");
    expect(readFileSync(join(app, 'reports/leak-shared.xml'), 'utf8')).toMatch(/failures="1"[\s\S]*<failure message="[a-z, -]*(read-leak-value|read-leak-keys|shared-storage)[a-z, -]*: /);

    const nogo = isogate('gate', '--config', 'isogate.shared.config.ts', '--plan', 'adoption', '--stage', 'pre-rollout', '--reports-dir', 'reports/shared-gate');
    expect(nogo.code, nogo.all).toBe(1);
    expect(nogo.out).toMatch(/^NO-GO\s+adoption \/ pre-rollout/m);
    expect(nogo.out).toMatch(/no-leak: leaks = [1-9]/);
  }, STEP);
});
