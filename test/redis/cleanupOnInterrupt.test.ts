import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../support/isProcessAlive.js';

const script = fileURLToPath(new URL('./support/holdRedis.ts', import.meta.url));

async function runHolder(mode: 'wait' | 'throw'): Promise<{ pid: number; dir: string; exited: Promise<number | null>; kill: (s: NodeJS.Signals) => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error('holder exited before reporting its Redis')));
  });
  const info = JSON.parse(first) as { pid: number; dir: string };
  return { ...info, exited, kill: (s) => child.kill(s) };
}

// hang guard: a process that has not exited half a minute after being told to has hung; a busy machine takes seconds at most.
async function gone(pid: number, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('a run that is interrupted or throws', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops its redis-server and removes its temp dir on ${signal}`, async () => {
      const holder = await runHolder('wait');
      expect(isProcessAlive(holder.pid)).toBe(true);
      expect(existsSync(holder.dir)).toBe(true);
      holder.kill(signal);
      await holder.exited;
      expect(await gone(holder.pid)).toBe(true);
      expect(existsSync(holder.dir)).toBe(false);
    });
  }

  it('stops its redis-server and removes its temp dir when the run throws', async () => {
    const holder = await runHolder('throw');
    expect(await holder.exited).not.toBe(0);
    expect(await gone(holder.pid)).toBe(true);
    expect(existsSync(holder.dir)).toBe(false);
  });
});
