import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsogateError } from '../errors/index.js';
import { registerCleanup } from './cleanupOnExit.js';
import { freePort } from './freePort.js';
import type { RunningRedis, StoppedRedis } from './RedisHandle.js';
import { waitForPing } from './waitForPing.js';

export interface LocalRedisOptions {
  binary?: string;
  /** Extra `redis-server` arguments, e.g. `['--replicaof', '127.0.0.1', '6380']`. */
  args?: string[];
  port?: number;
  readyTimeoutMs?: number;
}

export function hasRedisServerBinary(binary = 'redis-server', env: NodeJS.ProcessEnv = process.env): boolean {
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore', env });
  return probe.error === undefined && probe.status === 0;
}

function killSync(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function startOnce(options: LocalRedisOptions, port: number): Promise<RunningRedis> {
  const binary = options.binary ?? 'redis-server';
  const dir = mkdtempSync(join(tmpdir(), 'isogate-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--daemonize', 'no', '--logfile', '', ...(options.args ?? [])];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  child.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  const unregister = registerCleanup(() => { killSync(child); removeDir(); });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `redis://127.0.0.1:${port}`;
  try {
    const alive = (): boolean => child.exitCode === null && child.signalCode === null;
    await Promise.race([waitForPing(url, options.readyTimeoutMs ?? 10_000, alive), spawnError]);
    if (!alive()) throw new Error(output.trim() || 'redis-server exited during start-up');
  } catch (cause) {
    killSync(child);
    await exited;
    removeDir();
    unregister();
    throw cause instanceof Error ? Object.assign(cause, { redisOutput: output }) : cause;
  }
  let stopped: StoppedRedis | undefined;
  const stop = async (): Promise<StoppedRedis> => {
    if (stopped !== undefined) return stopped;
    stopped = { state: 'stopped', route: 'local-redis-server' };
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => killSync(child), 2_000);
      await exited;
      clearTimeout(timer);
    }
    removeDir();
    unregister();
    return stopped;
  };
  return {
    state: 'started', url, route: 'local-redis-server', owned: true, pid: child.pid, port,
    stop, [Symbol.asyncDispose]: async () => { await stop(); },
  };
}

/** Starts `redis-server` on a free loopback port in its own temp dir, with no persistence. */
export async function startLocalRedisServer(options: LocalRedisOptions = {}): Promise<RunningRedis> {
  const binary = options.binary ?? 'redis-server';
  if (!hasRedisServerBinary(binary)) {
    throw new IsogateError('ISOGATE_REDIS_UNAVAILABLE', `expected a ${binary} binary on PATH, found none`, {
      hint: 'install one (Debian: apt-get install redis-server), set REDIS_URL, or start a Docker engine',
    });
  }
  let lastError: unknown;
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(options, port);
    } catch (error) {
      lastError = error;
      if (options.port !== undefined) break;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new IsogateError('ISOGATE_REDIS_START_FAILED', `expected ${binary} to start and answer PING, but: ${reason}`, {
    cause: lastError,
    hint: `run \`${binary} --port 6390 --save ''\` by hand to see why it will not start`,
  });
}
