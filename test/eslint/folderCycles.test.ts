import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were `file` of this repository, against the real folder graph of src/. */
async function cycleErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'isogate/folder-cycles').map((m) => m.message);
}

describe('the folder-cycles lint rule', () => {
  it('rejects an engine importing config/, which composes the engines (the old leakage ↔ config cycle)', async () => {
    const errors = await cycleErrors('src/leakage/x.ts', "import type { LoadedConfig } from '../config/index.js';\nexport type Y = LoadedConfig;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/leakage → src/config → src/leakage');
  });

  it('rejects a cycle through several folders, and dynamic imports that hide one', async () => {
    // errors/ is the bottom layer: redis → errors exists, so errors → redis closes a loop.
    expect(await cycleErrors('src/errors/x.ts', "export const m = () => import('../redis/index.js');\n")).toHaveLength(1);
    // app → leakage → targets → errors: targets importing app closes a three-folder loop.
    const [message] = await cycleErrors('src/targets/x.ts', "export { runTargetLeakage } from '../app/index.js';\n");
    expect(message).toMatch(/src\/targets → src\/app → .*src\/targets/);
  });

  it('accepts imports that go down the layers', async () => {
    expect(await cycleErrors('src/app/x.ts', "import { loadConfig } from '../config/index.js';\nexport const y = loadConfig;\n")).toEqual([]);
    expect(await cycleErrors('src/cli/x.ts', "import { runTargetLeakage } from '../app/index.js';\nexport const y = runTargetLeakage;\n")).toEqual([]);
    expect(await cycleErrors('src/leakage/x.ts', "import { startRedis } from '../redis/index.js';\nexport const y = startRedis;\n")).toEqual([]);
  });

  it('finds no cycle in the repository as it stands', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts']);
    const cycles = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'isogate/folder-cycles').map((m) => `${r.filePath}: ${m.message}`));
    expect(cycles).toEqual([]);
  }, 120_000);
});
