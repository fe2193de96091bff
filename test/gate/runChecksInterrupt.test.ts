// A gate stopped mid-stage (Ctrl-C, a cancelled CI job) stops the checks it started, and whatever
// those started in turn: none of them outlives it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../support/isProcessAlive.js';

const script = fileURLToPath(new URL('./support/holdChecks.ts', import.meta.url));
const dirs: string[] = [];
const pids: number[] = [];
afterAll(async () => {
  for (const pid of pids) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

// hang guard: a process told to stop that still runs half a minute later has hung.
async function until(check: () => boolean, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('a gate interrupted while a check runs', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops the check and the processes it started on ${signal}`, async () => {
      const root = await mkdtemp(join(tmpdir(), 'isogate-gate-interrupt-'));
      dirs.push(root);
      const gate = spawn(process.execPath, ['--import', 'tsx', script, root], { stdio: 'ignore' });
      const exited = new Promise<void>((r) => gate.once('exit', () => r()));
      const pidFile = (name: string): string => join(root, 'report', name);
      expect(await until(() => existsSync(pidFile('check.pid')) && existsSync(pidFile('grandchild.pid')))).toBe(true);
      const check = Number(readFileSync(pidFile('check.pid'), 'utf8'));
      const grandchild = Number(readFileSync(pidFile('grandchild.pid'), 'utf8'));
      pids.push(check, grandchild);
      expect(isProcessAlive(check) && isProcessAlive(grandchild)).toBe(true);
      gate.kill(signal);
      await exited;
      expect(await until(() => !isProcessAlive(check))).toBe(true);
      expect(await until(() => !isProcessAlive(grandchild))).toBe(true);
    });
  }
});
