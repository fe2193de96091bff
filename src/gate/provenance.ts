import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function firstLine(cmd: string, args: string[], cwd?: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(cmd, args, { cwd, timeout: 10_000 });
    const line = stdout.trim().split('\n')[0];
    return line === undefined || line === '' ? undefined : line;
  } catch {
    return undefined;
  }
}

/** The commit under test: git's HEAD, else CI's GITHUB_SHA, else 'unknown' (which never matches a previous report). */
export async function resolveCommit(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const head = await firstLine('git', ['rev-parse', 'HEAD'], cwd);
  if (head !== undefined && /^[0-9a-f]{40}$/.test(head)) return head;
  const sha = env['GITHUB_SHA'];
  return sha !== undefined && /^[0-9a-f]{7,64}$/i.test(sha) ? sha : 'unknown';
}

export async function toolVersions(): Promise<{ node: string; isogate: string; redis: string }> {
  let isogate = 'unknown';
  try {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') isogate = pkg.version;
  } catch {
    // a report without the version still reports everything else
  }
  const redis = (await firstLine('redis-server', ['--version'])) ?? 'redis-server: not found on PATH';
  return { node: process.version, isogate, redis };
}
