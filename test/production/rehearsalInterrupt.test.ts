import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPrometheusBinary } from '../../src/production/index.js';
import { isProcessAlive } from '../support/isProcessAlive.js';

const script = fileURLToPath(new URL('./support/holdRehearsal.ts', import.meta.url));

/** The prometheus processes whose parent is `parent`, with the temp dir each was given. */
function prometheusChildren(parent: number): Array<{ pid: number; dir: string }> {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      // Fields after the parenthesised command: state, ppid, …
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      const config = argv.find((a) => a.startsWith('--config.file='));
      if (ppid !== parent || config === undefined || !/prometheus$/.test(argv[0] ?? '')) return [];
      return [{ pid: Number(d), dir: config.slice('--config.file='.length).replace(/\/prometheus\.yml$/, '') }];
    } catch {
      return []; // the process ended while it was read
    }
  });
}

// hang guard: a process that has not exited half a minute after being told to has hung.
async function gone(pid: number, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe.skipIf(!hasPrometheusBinary())('a local Prometheus rehearsal that is interrupted', () => {
  it('stops its prometheus and removes its temp dir on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const lines = createInterface({ input: child.stdout });
    // The traffic starts once Prometheus is up: that line says so.
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => { if (line.includes('scraping every')) resolve(); });
      child.once('exit', () => reject(new Error('the rehearsal exited before its Prometheus was up')));
    });
    const found = prometheusChildren(child.pid!);
    expect(found).toHaveLength(1);
    const { pid, dir } = found[0]!;
    expect(existsSync(dir)).toBe(true);
    child.kill('SIGINT');
    await exited;
    expect(await gone(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  }, 120_000); // hang guard: a service process, Redis and Prometheus starting on a busy machine
});
