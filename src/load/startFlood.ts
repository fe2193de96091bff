import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { registerCleanup } from '../redis/index.js';

export interface Flood {
  /** Resolves when the flood has ended, with the responses per second autocannon reported. */
  done: Promise<number>;
  stop(): void;
}

/** autocannon's own CLI script, resolved from the installed package (no PATH lookups). */
export function autocannonCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
}

/**
 * One tenant flooding a URL from a separate process (autocannon's CLI), so the flood's CPU is
 * not charged to the driver that measures the quiet tenant. Bounded by `seconds`; killed on stop.
 */
export async function startFlood(url: string, headers: Record<string, string>, connections: number, seconds: number, rps?: number): Promise<Flood> {
  const args = [autocannonCli(), '-c', String(connections), '-d', String(seconds), '-j', '--renderStatusCodes', 'false'];
  if (rps !== undefined) args.push('-R', String(Math.max(1, Math.round(rps))));
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const unregister = registerCleanup(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const started = new Promise<void>((resolve) => {
    child.stderr.on('data', () => resolve());
    child.once('exit', () => resolve());
    setTimeout(resolve, 3000);
  });
  const done = new Promise<number>((resolve) => {
    child.once('exit', () => {
      unregister();
      try {
        const parsed = JSON.parse(out) as { requests?: { average?: number }; '2xx'?: number; non2xx?: number };
        // Only answered requests count: a flood that never got an answer (refused connections, a dead URL) is no flood.
        const answered = (parsed['2xx'] ?? 0) + (parsed.non2xx ?? 0);
        resolve(answered > 0 ? parsed.requests?.average ?? Number.NaN : 0);
      } catch {
        resolve(Number.NaN);
      }
    });
  });
  await started;
  return { done, stop: () => { if (child.exitCode === null) child.kill('SIGTERM'); } };
}
