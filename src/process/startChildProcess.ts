import { spawn, type ChildProcess } from 'node:child_process';
import { registerCleanup } from '../redis/index.js';

export interface ChildProcessSpec {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Polled until it answers 2xx: the process is then ready. */
  readyUrl: string;
  readyTimeoutMs: number;
  /** Which output to keep (its last `outputLimit` characters) for error messages; stdout of `stderr` is discarded. */
  capture: 'stderr' | 'both';
  outputLimit?: number;
  /** Milliseconds between SIGTERM and SIGKILL on stop(). */
  killAfterMs?: number;
  /** Synchronous clean-up after the process (its temp dir), run on stop(), on exit and on SIGINT/SIGTERM. */
  afterExit?: () => void;
}

/** A started child process; stop() ends it (SIGTERM, then SIGKILL) and runs `afterExit`, once. */
export interface StartedChildProcess {
  pid: number | undefined;
  /** The kept tail of its output. */
  output(): string;
  stop(): Promise<void>;
}

export type ChildStart =
  | { kind: 'ready'; child: StartedChildProcess }
  /** It exited, never answered, or could not be spawned; it has been stopped and cleaned up. */
  | { kind: 'failed'; reason: string; output: string };

async function waitReady(url: string, timeoutMs: number, alive: () => boolean): Promise<string | undefined> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < until) {
    if (!alive()) return 'the process exited before it answered';
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return undefined;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return `not ready within ${timeoutMs} ms (${last})`;
}

/**
 * Spawns a server process isogate owns, waits until it answers `readyUrl`, and keeps the tail of
 * its output. It never outlives isogate: stop(), exit and SIGINT/SIGTERM all end it (and run
 * `afterExit`), and a process that fails to start is stopped before the failure is returned.
 */
export async function startChildProcess(spec: ChildProcessSpec): Promise<ChildStart> {
  const limit = spec.outputLimit ?? 2000;
  const child: ChildProcess = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd, env: spec.env, stdio: ['ignore', spec.capture === 'both' ? 'pipe' : 'ignore', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer | string): void => { output = (output + d.toString()).slice(-limit); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A spawn that fails (no such binary) has no pid and reports why on the next tick.
  const spawnFailed = new Promise<void>((r) => child.once('error', (e) => { keep(`\n${e.message}`); r(); }));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const unregister = registerCleanup(() => {
    if (alive()) child.kill('SIGKILL');
    spec.afterExit?.();
  });
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => { if (alive()) child.kill('SIGKILL'); }, spec.killAfterMs ?? 5_000);
        await exited;
        clearTimeout(timer);
      }
      spec.afterExit?.();
      unregister();
    })();
    return stopping;
  };
  if (child.pid === undefined) await spawnFailed;
  const failure = child.pid === undefined ? 'it could not be started' : await waitReady(spec.readyUrl, spec.readyTimeoutMs, alive);
  if (failure !== undefined) {
    await stop();
    return { kind: 'failed', reason: failure, output: output.trim() };
  }
  return { kind: 'ready', child: { pid: child.pid, output: () => output, stop } };
}
