import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isogate-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, body);
  return path;
}

describe('loadConfig', () => {
  it('fills in defaults and hashes the file, resolving relative to the file', async () => {
    const path = await configFile('ok.config.ts', `export default { targets: { store: { kind: 'module', module: './store.ts' } } };\n`);
    const loaded = await loadConfig(path);
    expect(loaded.dir).toBe(dir);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.config.targets['store']).toMatchObject({ kind: 'module', export: 'createStore', exact: false });
    expect(loaded.config.redis.allowForeignKeys).toBe(false);
  });

  it('names every wrong field as `path: what is wrong`', async () => {
    const path = await configFile('bad.config.ts', `export default {
      targets: { store: { kind: 'module', module: '', tenantId: '([' }, api: { kind: 'http', tenants: [], resources: {} } },
      redis: { allowForeignKeys: 'yes' },
      typo: 1,
    };\n`);
    const error = await loadConfig(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ISOGATE_CONFIG_INVALID', exitCode: 3 });
    const message = (error as Error).message;
    expect(message).toMatch(/targets\.store\.module: /);
    expect(message).toMatch(/targets\.store\.tenantId: expected a RegExp or a valid regular expression string/);
    expect(message).toMatch(/targets\.api\.tenants: an http target needs at least 2 tenants/);
    expect(message).toMatch(/redis\.allowForeignKeys: /);
    expect(message).toMatch(/\(root\): .*typo/);
  });

  it('reports a missing file, a file that throws and a file with no default export distinctly', async () => {
    await expect(loadConfig(join(dir, 'absent.ts'))).rejects.toMatchObject({ code: 'ISOGATE_CONFIG_NOT_FOUND' });
    const throwing = await configFile('throws.config.ts', `throw new Error('boom in config');\n`);
    await expect(loadConfig(throwing)).rejects.toThrow(/boom in config/);
    const noDefault = await configFile('nodefault.config.ts', `export const x = 1;\n`);
    await expect(loadConfig(noDefault)).rejects.toThrow(/default export/);
  });
});
