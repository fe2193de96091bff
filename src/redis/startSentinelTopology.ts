import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { IsogateError } from '../errors/index.js';
import { registerCleanup } from './cleanupOnExit.js';
import { freePort } from './freePort.js';
import type { RunningRedis } from './RedisHandle.js';
import { startLocalRedisServer } from './startLocalRedisServer.js';
import { waitForPing } from './waitForPing.js';

export interface SentinelTopologyOptions {
  replicas?: number;
  sentinels?: number;
  masterName?: string;
  /** Low values make a failover take seconds instead of the production 30 s default. */
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  readyTimeoutMs?: number;
}

export interface HostPort { host: string; port: number }

export interface SentinelProcess extends HostPort { readonly pid: number | undefined }

/**
 * A sentinel-managed Redis as one URL, `redis+sentinel://h1:p1,h2:p2,h3:p3/<master name>`, so it
 * can travel wherever a Redis URL does (a target's `redisUrl`, REDIS_URL of a child process).
 */
export function sentinelUrl(sentinels: readonly HostPort[], masterName: string): string {
  return `redis+sentinel://${sentinels.map((s) => `${s.host}:${s.port}`).join(',')}/${encodeURIComponent(masterName)}`;
}

/** The sentinels and master name of a `redis+sentinel://` URL; undefined for any other URL. */
export function parseSentinelUrl(url: string): { sentinels: HostPort[]; name: string } | undefined {
  const match = /^redis\+sentinel:\/\/([^/]+)\/([^/?#]+)$/.exec(url);
  if (match === null) return undefined;
  const sentinels = (match[1] ?? '').split(',').map((hp) => {
    const at = hp.lastIndexOf(':');
    return { host: hp.slice(0, at), port: Number(hp.slice(at + 1)) };
  });
  if (sentinels.some((s) => s.host === '' || !Number.isInteger(s.port) || s.port <= 0)) return undefined;
  return { sentinels, name: decodeURIComponent(match[2] ?? '') };
}

/** A primary, its replicas and the sentinels watching them, all from the same redis-server binary. */
export interface SentinelTopology extends AsyncDisposable {
  readonly masterName: string;
  /** `redis+sentinel://…/<masterName>`: how targets are told to connect through the sentinels. */
  readonly url: string;
  readonly primary: RunningRedis;
  readonly replicas: readonly RunningRedis[];
  readonly sentinels: readonly SentinelProcess[];
  /** The primary as the first sentinel that answers sees it now. */
  currentPrimary(): Promise<HostPort | undefined>;
  /** SIGKILL the original primary: the failure a failover drill rehearses. */
  killPrimary(): void;
  /** Every process killed, every temp dir removed; idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

function sentinelConf(port: number, dir: string, o: Required<SentinelTopologyOptions>, primaryPort: number): string {
  return [
    `port ${port}`, `bind ${HOST}`, `dir ${dir}`, 'daemonize no', 'logfile ""',
    `sentinel monitor ${o.masterName} ${HOST} ${primaryPort} ${Math.floor(o.sentinels / 2) + 1}`,
    `sentinel down-after-milliseconds ${o.masterName} ${o.downAfterMs}`,
    `sentinel failover-timeout ${o.masterName} ${o.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${o.masterName} ${o.replicas}`,
  ].join('\n') + '\n';
}

interface StartedSentinel { process: SentinelProcess; stop(): Promise<void> }

async function startSentinel(o: Required<SentinelTopologyOptions>, primaryPort: number): Promise<StartedSentinel> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'isogate-sentinel-'));
  // Sentinel rewrites its config file on every state change, so it lives in the temp dir.
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, sentinelConf(port, dir, o, primaryPort));
  const child: ChildProcess = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const killNow = (): void => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const unregister = registerCleanup(() => { killNow(); rmSync(dir, { recursive: true, force: true }); });
  const stop = async (): Promise<void> => {
    killNow();
    if (child.pid !== undefined) await exited;
    rmSync(dir, { recursive: true, force: true });
    unregister();
  };
  try {
    await waitForPing(`redis://${HOST}:${port}`, o.readyTimeoutMs, () => child.exitCode === null);
  } catch (cause) {
    await stop();
    throw cause;
  }
  return { process: { host: HOST, port, pid: child.pid }, stop };
}

function connect(port: number): Redis {
  const c = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  c.on('error', () => undefined);
  return c;
}

async function ask<T>(port: number, fn: (c: Redis) => Promise<T>): Promise<T> {
  const c = connect(port);
  try {
    await c.connect();
    return await fn(c);
  } finally {
    c.disconnect();
  }
}

/** True when every replica's link is up and every sentinel sees all replicas and all other sentinels. */
async function isReady(o: Required<SentinelTopologyOptions>, replicas: readonly RunningRedis[], sentinels: readonly StartedSentinel[]): Promise<boolean> {
  for (const r of replicas) {
    const info = await ask(r.port, (c) => c.info('replication'));
    if (!info.includes('master_link_status:up')) return false;
  }
  for (const s of sentinels) {
    const [seenReplicas, seenSentinels] = await ask(s.process.port, async (c) => [
      (await c.call('SENTINEL', 'REPLICAS', o.masterName)) as unknown[],
      (await c.call('SENTINEL', 'SENTINELS', o.masterName)) as unknown[],
    ]);
    if (seenReplicas?.length !== o.replicas || seenSentinels?.length !== o.sentinels - 1) return false;
  }
  return true;
}

async function waitReady(o: Required<SentinelTopologyOptions>, replicas: readonly RunningRedis[], sentinels: readonly StartedSentinel[]): Promise<void> {
  const deadline = Date.now() + o.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (await isReady(o, replicas, sentinels).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new IsogateError('ISOGATE_REDIS_START_FAILED',
    `expected ${o.replicas} replicas in sync and ${o.sentinels} sentinels that see each other within ${o.readyTimeoutMs} ms, found the topology still forming`,
    { hint: 'the machine may be overloaded; raise readyTimeoutMs, or run `redis-server --sentinel` by hand to see why' });
}

/**
 * Starts a primary, `replicas` replicas and `sentinels` sentinels on free loopback ports, each in
 * its own temp dir, and resolves once the sentinels agree on the topology (so a failover can start
 * the moment the primary dies). Everything is stopped on stop(), on a throw, and on exit/signals.
 */
export async function startSentinelTopology(options: SentinelTopologyOptions = {}): Promise<SentinelTopology> {
  const o: Required<SentinelTopologyOptions> = {
    replicas: 2, sentinels: 3, masterName: 'isogate-primary', downAfterMs: 1_000, failoverTimeoutMs: 3_000,
    readyTimeoutMs: 20_000, ...options,
  };
  const replicas: RunningRedis[] = [];
  const sentinels: StartedSentinel[] = [];
  let primary: RunningRedis | undefined;
  const stop = async (): Promise<void> => {
    await Promise.all(sentinels.map((s) => s.stop()));
    await Promise.all([...replicas, ...(primary === undefined ? [] : [primary])].map((r) => r.stop()));
  };
  try {
    primary = await startLocalRedisServer({ args: ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0'] });
    for (let i = 0; i < o.replicas; i++) {
      replicas.push(await startLocalRedisServer({ args: ['--replicaof', HOST, String(primary.port), '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0'] }));
    }
    for (let i = 0; i < o.sentinels; i++) sentinels.push(await startSentinel(o, primary.port));
    await waitReady(o, replicas, sentinels);
  } catch (error) {
    await stop();
    throw error;
  }
  const started = primary;
  const currentPrimary = async (): Promise<HostPort | undefined> => {
    for (const s of sentinels) {
      const addr = await ask(s.process.port, (c) => c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', o.masterName)).catch(() => undefined);
      if (Array.isArray(addr) && addr.length === 2) return { host: String(addr[0]), port: Number(addr[1]) };
    }
    return undefined;
  };
  return {
    masterName: o.masterName, url: sentinelUrl(sentinels.map((x) => x.process), o.masterName), primary: started, replicas, sentinels: sentinels.map((s) => s.process),
    currentPrimary,
    killPrimary: () => {
      try {
        if (started.pid !== undefined) process.kill(started.pid, 'SIGKILL');
      } catch {
        // already gone: the failure being rehearsed has happened
      }
    },
    stop, [Symbol.asyncDispose]: stop,
  };
}
