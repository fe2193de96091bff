/**
 * What the target itself wrote to stdout/stderr during a search (a Redis client's "Unhandled
 * error event" stack traces under injected faults, a library's warnings): kept for the evidence
 * and summarised, not streamed over isogate's own progress output.
 */
export interface TargetOutputSummary {
  readonly lines: number;
  /** The first lines, each cut to a readable length. */
  readonly first: readonly string[];
}

import { format } from 'node:util';

type Write = typeof process.stdout.write;
type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const CONSOLE_METHODS: readonly ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

const KEEP = 20;

/**
 * One interception of both streams for the whole process, shared by every capture in progress
 * (searches may run side by side in one process): installed by the first, removed by the last.
 */
const active = new Set<TargetOutput>();
let restore: (() => void) | undefined;
let bypassing = 0;

function install(): void {
  const out = process.stdout.write;
  const err = process.stderr.write;
  const capture = (original: Write, stream: NodeJS.WriteStream): Write => ((chunk: unknown, ...rest: unknown[]): boolean => {
    if (bypassing > 0 || active.size === 0) return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    for (const c of active) c.record(text);
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as Write;
  process.stdout.write = capture(out, process.stdout);
  process.stderr.write = capture(err, process.stderr);
  // A test runner (or the target) may have replaced console with one that bypasses the streams.
  const consoleBefore = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const [m, original] of consoleBefore) {
    console[m] = (...args: unknown[]): void => {
      if (bypassing > 0 || active.size === 0) {
        original.apply(console, args);
        return;
      }
      const text = `${format(...args)}\n`;
      for (const c of active) c.record(text);
    };
  }
  restore = () => {
    process.stdout.write = out;
    process.stderr.write = err;
    for (const [m, original] of consoleBefore) console[m] = original;
  };
  listenForUncaught();
}

/**
 * A target's client that emits 'error' with no listener (a Redis outage we injected) throws from a
 * socket callback, and a command the target never awaited rejects when its connection closes: that
 * is the target's output, not the end of the search. Such errors can surface after a search ended
 * too (a connection closing after the store was closed), so the listeners stay for the process's
 * life once installed: during a capture they are recorded; between captures they are written to
 * stderr as one line, never a crash.
 */
let listening = false;
function listenForUncaught(): void {
  if (listening) return;
  listening = true;
  const uncaught = (error: unknown): void => {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (active.size === 0) {
      process.stderr.write(`isogate: uncaught in a target after its search (kept going): ${what}\n`);
      return;
    }
    for (const c of active) c.record(`uncaught in the target: ${what}\n`);
  };
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', uncaught);
}

/** Two captures of one target (opening it, then its search) as one summary. */
export function joinOutput(a: TargetOutputSummary, b: TargetOutputSummary): TargetOutputSummary {
  return { lines: a.lines + b.lines, first: [...a.first, ...b.first].slice(0, KEEP) };
}

export class TargetOutput {
  private lines = 0;
  private readonly first: string[] = [];
  private partial = '';

  /** Starts capturing both streams of this process; `stop()` ends it. */
  start(): void {
    if (active.size === 0 && restore === undefined) install();
    active.add(this);
  }

  /**
   * Stops after the target's last work has surfaced: a closed connection's rejected commands and
   * socket errors arrive on the next turns of the event loop, and belong to this capture.
   */
  async drain(): Promise<TargetOutputSummary> {
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    return this.stop();
  }

  stop(): TargetOutputSummary {
    active.delete(this);
    if (active.size === 0) {
      restore?.();
      restore = undefined;
    }
    if (this.partial !== '') this.line(this.partial);
    this.partial = '';
    return this.summary();
  }

  /** isogate's own output (progress) during a capture goes straight through. */
  bypass(write: () => void): void {
    bypassing++;
    try {
      write();
    } finally {
      bypassing--;
    }
  }

  summary(): TargetOutputSummary {
    return { lines: this.lines, first: [...this.first] };
  }

  record(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.line(p);
  }

  private line(text: string): void {
    if (text.trim() === '') return;
    this.lines++;
    if (this.first.length < KEEP) this.first.push(text.length > 200 ? `${text.slice(0, 200)}…` : text);
  }
}
