import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { parseConfig } from '../../src/config/index.js';
import { importUserModule } from '../../src/targets/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'isogate-init-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A project as a user has it: its own tsconfig, a Redis wrapper, code that uses the wrapper. */
function project(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function init(cwd: string, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['init', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('isogate init', () => {
  it('proposes the files importing a Redis client as wrappers, and writes config, target stub and vitest file', async () => {
    const root = project('redis-app', {
      'package.json': '{ "type": "module" }',
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }',
      'src/state/redisClient.ts': "import { Redis } from 'ioredis';\nexport const redis = new Redis();\n",
      'src/cache/sessions.ts': "import { createClient } from 'redis';\nexport const c = createClient();\n",
      'src/routes/items.ts': "import { redis } from '../state/redisClient.js';\nexport const get = (k: string) => redis.get(k);\n",
      'node_modules/ioredis/index.js': "require('ioredis');\n",
    });
    const run = await init(root);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/tsconfig\s+tsconfig\.json/);
    expect(run.out).toMatch(/ioredis in 1 file/);
    expect(run.out).toMatch(/next: .*isogate\/tenantStore\.ts/);
    expect(run.out).toContain('npx isogate leak');

    const config = readFileSync(join(root, 'isogate.config.ts'), 'utf8');
    expect(config).toContain("import { defineConfig } from 'isogate';");
    expect(config).toContain('"src/state/redisClient.ts"');
    expect(config).toContain('"src/cache/sessions.ts"');
    expect(config).not.toContain('routes/items');
    expect(config).not.toContain('node_modules/ioredis');
    expect(config).toContain('state: { modules: ["ioredis", "redis"] }');

    // The written config is valid as it stands (its import of 'isogate' is the only thing a
    // temp project cannot resolve, so it is checked with defineConfig's body inlined).
    const evaluated = join(root, 'evaluated.config.ts');
    writeFileSync(evaluated, config.replace("import { defineConfig } from 'isogate';", 'const defineConfig = <T>(c: T): T => c;'));
    const parsed = parseConfig((await importUserModule(evaluated))['default'], evaluated);
    expect(parsed.targets['store']).toMatchObject({ kind: 'module', module: './isogate/tenantStore.ts', export: 'createStore' });
    expect(parsed.audit?.wrappers).toEqual(['src/cache/sessions.ts', 'src/state/redisClient.ts']);

    const test = readFileSync(join(root, 'isogate/leakage.test.ts'), 'utf8');
    expect(test).toContain("from 'isogate/vitest'");
    expect(test).toContain('new URL("../isogate.config.ts", import.meta.url), "store"');
    expect(readFileSync(join(root, 'isogate/tenantStore.ts'), 'utf8')).toMatch(/export const createStore: CreateStore/);
  });

  it('refuses to overwrite anything, writes nothing, and exits 3', async () => {
    const root = project('has-config', {
      'tsconfig.json': '{}',
      'isogate/leakage.test.ts': '// mine\n',
    });
    const run = await init(root);
    expect(run.code).toBe(3);
    expect(run.err).toContain('ISOGATE_INIT_EXISTS');
    expect(run.err).toContain('isogate/leakage.test.ts');
    expect(run.err).toMatch(/docs: .*README\.md#isogate_init_exists/);
    expect(readFileSync(join(root, 'isogate/leakage.test.ts'), 'utf8')).toBe('// mine\n');
    expect(() => readFileSync(join(root, 'isogate.config.ts'))).toThrow();
  });

  it('says so when no tsconfig or Redis client is found, and honours --config, --dir and --target', async () => {
    const root = project('plain', { 'lib/app.js': "const fs = require('node:fs');\n" });
    const run = await init(root, ['--config', 'config/isogate.config.ts', '--dir', 'test/isogate', '--target', 'sessions']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/tsconfig\s+none found/);
    expect(run.out).toMatch(/no Redis client imported in 1 files/);
    expect(run.out).toContain('--config config/isogate.config.ts');
    const config = readFileSync(join(root, 'config/isogate.config.ts'), 'utf8');
    expect(config).toContain('module: "../test/isogate/tenantStore.ts"');
    expect(config).toContain('"sessions": {');
    expect(config).toContain("// state: { modules: ['ioredis'] },");
    expect(readFileSync(join(root, 'test/isogate/leakage.test.ts'), 'utf8')).toContain('new URL("../../config/isogate.config.ts", import.meta.url), "sessions"');
  });

  it('rejects a target name the config schema would refuse', async () => {
    const run = await init(project('bad-name', {}), ['--target', 'my store']);
    expect(run.code).toBe(3);
    expect(run.err).toContain('ISOGATE_USAGE');
  });
});
