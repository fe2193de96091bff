import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IsogateError } from '../errors/index.js';
import { registerCleanup } from '../redis/index.js';

/** autocannon's own CLI script, resolved from the installed package (no PATH lookups). */
export function autocannonCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
}

function autocannonModule(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('autocannon')).href;
}

export interface FloodSpec {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; unbounded when absent. */
  rps?: number;
}

export interface Flood {
  /** Resolves when the flood has ended, with its answered requests per second (0: none answered; NaN: it failed). */
  done: Promise<number>;
  stop(): void;
}

/** A process that floods on request; started once, so that no flood pays for a process start. */
export interface FloodProcess {
  pid: number | undefined;
  /** Starts a bounded flood and resolves once its connections are opening. One flood at a time. */
  flood(spec: FloodSpec): Promise<Flood>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

type FromChild = { kind: 'ready' } | { kind: 'started' } | { kind: 'done'; answered: number; average: number | null };

// The child: autocannon's programmatic API behind an IPC channel. It is given as source text so the
// same code runs from the sources (through tsx) and from the compiled package, with no file to ship.
const CHILD = `
const { default: autocannon } = await import(process.env.ISOGATE_AUTOCANNON);
let current;
process.on('message', (m) => {
  if (m.kind === 'stop') { current?.stop(); return; }
  const options = { url: m.url, headers: m.headers, connections: m.connections, duration: m.seconds };
  if (m.rps !== undefined) options.overallRate = m.rps;
  current = autocannon(options, (error, result) => {
    current = undefined;
    const answered = error ? 0 : (result['2xx'] ?? 0) + (result.non2xx ?? 0);
    process.send({ kind: 'done', answered, average: error ? null : result.requests?.average ?? null });
  });
  current.once('start', () => process.send({ kind: 'started' }));
});
process.on('disconnect', () => process.exit(0));
process.send({ kind: 'ready' });
`;

/** Longer than a flood's own start on a busy machine; a child that says nothing by then is not flooding. */
const REPLY_TIMEOUT_MS = 15_000;

/** The end of what the child wrote to stderr, for an error that says why it exited. */
const STDERR_KEPT = 500;

function nextMessage(child: ChildProcess, kind: FromChild['kind'], what: string, stderr: () => string, timeoutMs = REPLY_TIMEOUT_MS): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromChild): void => { if (m.kind === kind) { settle(); resolve(m); } };
    const onExit = (code: number | null, signal: string | null): void => {
      settle();
      const said = stderr().trim();
      reject(new IsogateError('ISOGATE_LOAD_FAILED', `expected the flood process to ${what}, but it exited (${code ?? signal})${said === '' ? '' : `; stderr: ${said}`}`, { hint: 'check that the autocannon package installed with isogate loads: node -e "import(\'autocannon\')"' }));
    };
    const timer = setTimeout(() => {
      settle();
      reject(new IsogateError('ISOGATE_LOAD_FAILED', `expected the flood process to ${what} within ${timeoutMs} ms, found no reply`, { hint: 'the machine may be overloaded; run the check again on a quieter machine' }));
    }, timeoutMs);
    const settle = (): void => { clearTimeout(timer); child.off('message', onMessage); child.off('exit', onExit); };
    child.on('message', onMessage);
    child.once('exit', onExit);
    // Already gone: its exit event has fired and will not again.
    if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
  });
}

/**
 * Starts the process a noisy tenant floods from: separate from the driver that measures the quiet
 * tenant, so the flood's CPU is not charged to it. It never outlives isogate: close(), exit and
 * SIGINT/SIGTERM end it, and it exits by itself when isogate's end of the channel closes.
 * `autocannonUrl` replaces the installed autocannon's module URL (a test's broken module).
 */
export async function startFloodProcess(o: { autocannonUrl?: string } = {}): Promise<FloodProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, ISOGATE_AUTOCANNON: o.autocannonUrl ?? autocannonModule() },
  });
  const unregister = registerCleanup(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  let stderrTail = '';
  child.stderr?.on('data', (d: Buffer) => { stderrTail = (stderrTail + d.toString()).slice(-STDERR_KEPT); });
  const stderr = (): string => stderrTail;
  // A send on a channel the child's death closed reports here; the waiting call reports the death.
  child.on('error', () => undefined);
  try {
    await nextMessage(child, 'ready', 'load autocannon', stderr);
  } catch (error) {
    unregister();
    child.kill('SIGKILL');
    throw error;
  }
  let busy = false;
  const close = async (): Promise<void> => {
    unregister();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  return {
    pid: child.pid,
    async flood(spec) {
      if (busy) throw new IsogateError('ISOGATE_INTERNAL', 'expected one flood at a time, found a second one started before the first ended');
      busy = true;
      const rps = spec.rps === undefined ? undefined : Math.max(1, Math.round(spec.rps));
      const done = nextMessage(child, 'done', 'finish its flood', stderr, spec.seconds * 1000 + REPLY_TIMEOUT_MS).then(
        (m) => (m.kind === 'done' ? (m.answered > 0 ? m.average ?? Number.NaN : 0) : Number.NaN),
        () => Number.NaN,
      ).finally(() => { busy = false; });
      const started = nextMessage(child, 'started', 'start a flood', stderr);
      if (child.connected) child.send({ kind: 'flood', ...spec, rps }, () => undefined);
      await started;
      return { done, stop: () => { if (child.connected) child.send({ kind: 'stop' }, () => undefined); } };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
