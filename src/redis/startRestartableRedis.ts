import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { IsogateError } from '../errors/index.js';
import { registerCleanup } from './cleanupOnExit.js';
import { freePort } from './freePort.js';
import type { RunningRedis, StoppedRedis } from './RedisHandle.js';
import { hasRedisServerBinary } from './startLocalRedisServer.js';
import { waitForPing } from './waitForPing.js';

/**
 * A local redis-server isogate owns and may restart on the same port with its data kept (a
 * SHUTDOWN SAVE then a fresh process on the same dir): the "server restart" fault of the leakage
 * engine. Clients see their connections reset and reconnect, as after a real restart.
 */
export interface RestartableRedis extends RunningRedis {
  /** Saves, stops the process, starts a new one on the same port and dir; resolves when it answers PING. */
  restart(): Promise<void>;
  /** How many times the server has been restarted. */
  readonly restarts: number;
}

function killSync(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function launch(binary: string, port: number, dir: string): { child: ChildProcess; exited: Promise<void> } {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--dbfilename', 'dump.rdb', '--daemonize', 'no', '--logfile', ''];
  const child = spawn(binary, args, { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.once('error', () => undefined);
  return { child, exited };
}

export async function startRestartableRedis(options: { binary?: string; readyTimeoutMs?: number } = {}): Promise<RestartableRedis> {
  const binary = options.binary ?? 'redis-server';
  if (!hasRedisServerBinary(binary)) {
    throw new IsogateError('ISOGATE_REDIS_UNAVAILABLE', `expected a ${binary} binary on PATH, found none`, {
      hint: 'install one (Debian: apt-get install redis-server); server-restart faults need a local redis-server',
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'isogate-redis-'));
  let current: { child: ChildProcess; exited: Promise<void> } | undefined;
  const unregister = registerCleanup(() => {
    if (current !== undefined) killSync(current.child);
    rmSync(dir, { recursive: true, force: true });
  });
  const timeout = options.readyTimeoutMs ?? 10_000;
  let port = 0;
  let url = '';
  for (let attempt = 0; attempt < 5 && current === undefined; attempt++) {
    port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    const started = launch(binary, port, dir);
    const alive = (): boolean => started.child.exitCode === null && started.child.signalCode === null;
    try {
      await waitForPing(url, timeout, alive);
      if (alive()) current = started;
    } catch {
      killSync(started.child);
      await started.exited;
    }
  }
  if (current === undefined) {
    unregister();
    rmSync(dir, { recursive: true, force: true });
    throw new IsogateError('ISOGATE_REDIS_START_FAILED', `expected ${binary} to start and answer PING, but it did not`, {
      hint: `run \`${binary} --port 6390 --save ''\` by hand to see why it will not start`,
    });
  }
  let restarts = 0;
  let stopped: StoppedRedis | undefined;
  const shutdownSave = async (): Promise<void> => {
    const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      await admin.call('SHUTDOWN', 'SAVE').catch(() => undefined);
    } catch {
      // already down: the new process starts from the last dump
    } finally {
      admin.disconnect();
    }
  };
  const restart = async (): Promise<void> => {
    if (stopped !== undefined || current === undefined) throw new Error('restart of a stopped redis-server');
    const old = current;
    await shutdownSave();
    const timer = setTimeout(() => killSync(old.child), 2_000);
    await old.exited;
    clearTimeout(timer);
    current = launch(binary, port, dir);
    const next = current;
    await waitForPing(url, timeout, () => next.child.exitCode === null && next.child.signalCode === null);
    restarts++;
  };
  const stop = async (): Promise<StoppedRedis> => {
    if (stopped !== undefined) return stopped;
    stopped = { state: 'stopped', route: 'local-redis-server' };
    const last = current;
    if (last !== undefined && last.child.exitCode === null && last.child.signalCode === null) {
      last.child.kill('SIGTERM');
      const timer = setTimeout(() => killSync(last.child), 2_000);
      await last.exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
    unregister();
    return stopped;
  };
  return {
    state: 'started', url, route: 'local-redis-server', owned: true, port,
    get pid() { return current?.child.pid; },
    get restarts() { return restarts; },
    restart, stop, [Symbol.asyncDispose]: async () => { await stop(); },
  };
}
