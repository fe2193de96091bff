import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'isogate/folder-boundaries').map((m) => m.message);
}

describe('the folder-boundaries lint rule', () => {
  it("rejects an import of another folder's internals", async () => {
    const errors = await boundaryErrors('src/cli/x.ts', "import { waitForPing } from '../redis/waitForPing.js';\nexport const y = waitForPing;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("import 'src/redis/index.js'");
  });

  it("accepts another folder's index, and a folder's own internals", async () => {
    expect(await boundaryErrors('src/cli/x.ts', "import { startRedis } from '../redis/index.js';\nexport const y = startRedis;\n")).toEqual([]);
    expect(await boundaryErrors('src/redis/x.ts', "import { freePort } from './freePort.js';\nexport const y = freePort;\n")).toEqual([]);
  });

  it('lets a test that mirrors a folder reach its internals, but not another folder’s', async () => {
    expect(await boundaryErrors('test/redis/x.test.ts', "import { freePort } from '../../src/redis/freePort.js';\nexport const y = freePort;\n")).toEqual([]);
    expect(await boundaryErrors('test/cli/x.test.ts', "import { freePort } from '../../src/redis/freePort.js';\nexport const y = freePort;\n")).toHaveLength(1);
  });

  it('guards re-exports and dynamic imports too', async () => {
    expect(await boundaryErrors('src/cli/x.ts', "export * from '../redis/freePort.js';\n")).toHaveLength(1);
    expect(await boundaryErrors('src/cli/x.ts', "export const m = () => import('../redis/freePort.js');\n")).toHaveLength(1);
  });
});
