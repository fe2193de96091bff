import { resolve, relative } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../config/index.js';
import { IsogateError } from '../../errors/index.js';
import { scanProject, writeInitFiles } from '../../init/index.js';
import { EXIT, type Command } from '../Command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate init [--config F] [--dir D] [--target NAME]';

/** Starts isogate in the project of the working directory: a config, a target stub, a vitest file. */
export const initCommand: Command = {
  name: 'init',
  summary: 'write a commented isogate.config.ts, a TenantStore target stub and a vitest leakage test for this project',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      config: { type: 'string' }, dir: { type: 'string' }, target: { type: 'string' },
    }, usage);
    if (positionals.length > 0) throw new IsogateError('ISOGATE_USAGE', `expected no arguments, found ${positionals.join(' ')}`, { hint: `usage: ${usage}` });
    const targetName = values.target ?? 'store';
    if (!/^[A-Za-z0-9_-]+$/.test(targetName)) {
      throw new IsogateError('ISOGATE_USAGE', `expected --target to be letters, digits, _ and -, found ${JSON.stringify(targetName)}`, { hint: `usage: ${usage}` });
    }
    const root = io.cwd;
    const dir = resolve(root, values.dir ?? 'isogate');
    const paths = {
      config: resolve(root, values.config ?? DEFAULT_CONFIG_FILE),
      target: resolve(dir, 'tenantStore.ts'),
      test: resolve(dir, 'leakage.test.ts'),
      targetName,
    };
    const scan = scanProject(root, [relative(root, dir)]);
    const written = await writeInitFiles(root, paths, scan);
    io.out(`tsconfig  ${scan.tsconfig ?? 'none found at the project root (set audit.project in the config)'}`);
    const imports = [...scan.stateImports].map(([pkg, files]) => `${pkg} in ${files.length} file${files.length === 1 ? '' : 's'}`);
    io.out(`state     ${imports.join(', ') || `no Redis client imported in ${scan.filesScanned} files (name your state modules in the config)`}${scan.truncated ? ` (scan stopped after ${scan.filesScanned} files)` : ''}`);
    for (const path of written) io.out(`wrote     ${relative(root, path)}`);
    const cfg = values.config === undefined ? '' : ` --config ${relative(root, paths.config)}`;
    io.out('');
    io.out(`next: fill in createStore() in ${relative(root, paths.target)} with your state-access code, then run`);
    io.out(`  npx isogate doctor${cfg} && npx isogate leak${cfg} && npx vitest run ${relative(root, paths.test)}`);
    return EXIT.ok;
  },
};
