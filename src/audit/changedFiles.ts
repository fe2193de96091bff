import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { IsogateError } from '../errors/index.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new IsogateError('ISOGATE_USAGE', `expected git to list changes in ${cwd}, but \`git ${args.join(' ')}\` failed: ${reason}`, {
      cause, hint: '--changed-since needs a git checkout and a ref it knows (fetch the base branch first in CI: git fetch origin main)',
    });
  }
}

/** Files changed since `ref` (committed, staged, unstaged) and untracked files, absolute. */
export async function changedFilesSince(cwd: string, ref: string): Promise<Set<string>> {
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  const diff = await git(top, ['diff', '--name-only', '--no-renames', ref, '--']);
  const untracked = await git(top, ['ls-files', '--others', '--exclude-standard']);
  const names = `${diff}\n${untracked}`.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return new Set(names.map((n) => resolve(top, n)));
}
