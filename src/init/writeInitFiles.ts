import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { IsogateError } from '../errors/index.js';
import { renderConfig, renderTarget, renderTest, type InitPaths } from './InitFiles.js';
import type { ProjectScan } from './ProjectScan.js';

/**
 * Writes the config, the target stub and the vitest file, or nothing at all: a file that exists
 * is a user's work, never overwritten (exit 3, naming every file in the way).
 */
export async function writeInitFiles(root: string, paths: InitPaths, scan: ProjectScan): Promise<string[]> {
  const files: Array<[string, string]> = [
    [paths.config, renderConfig(paths, scan, root)],
    [paths.target, renderTarget()],
    [paths.test, renderTest(paths)],
  ];
  const existing = files.map(([path]) => path).filter((path) => existsSync(path));
  if (existing.length > 0) {
    throw new IsogateError('ISOGATE_INIT_EXISTS', `expected to create ${files.map(([p]) => relative(root, p)).join(', ')}, found ${existing.map((p) => relative(root, p)).join(', ')} already there; nothing was written`, {
      hint: 'move or delete those files and run init again, or pass --config / --dir to write elsewhere',
    });
  }
  for (const [path, text] of files) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, { flag: 'wx' });
  }
  return files.map(([path]) => path);
}
