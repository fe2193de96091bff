import { describe, expect, it } from 'vitest';
import { startChildProcess } from '../../src/process/index.js';
import { freePort } from '../../src/redis/index.js';
import { isProcessAlive } from '../support/isProcessAlive.js';

const SERVER = "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1'); console.error('listening')";

describe('startChildProcess', () => {
  it('starts a server, reports it ready with its output, and stops it once, cleaning up after it', async () => {
    const port = await freePort();
    let cleaned = 0;
    const started = await startChildProcess({
      command: process.execPath, args: ['-e', SERVER], env: { ...process.env, PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}/`, readyTimeoutMs: 30_000, capture: 'stderr', afterExit: () => { cleaned++; },
    });
    expect(started.kind).toBe('ready');
    if (started.kind !== 'ready') return;
    expect(isProcessAlive(started.child.pid)).toBe(true);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    await Promise.all([started.child.stop(), started.child.stop()]);
    expect(isProcessAlive(started.child.pid)).toBe(false);
    expect(started.child.output()).toContain('listening');
    expect(cleaned).toBe(1);
  });

  it('returns a failure with the output of a process that exits before it answers, and cleans up', async () => {
    const port = await freePort();
    let cleaned = 0;
    const started = await startChildProcess({
      command: process.execPath, args: ['-e', "console.error('bad config: no such file'); process.exit(2)"],
      readyUrl: `http://127.0.0.1:${port}/`, readyTimeoutMs: 30_000, capture: 'both', afterExit: () => { cleaned++; },
    });
    expect(started).toEqual({ kind: 'failed', reason: 'the process exited before it answered', output: 'bad config: no such file' });
    expect(cleaned).toBe(1);
  });

  it('returns a failure for a command that cannot be spawned', async () => {
    const started = await startChildProcess({
      command: '/nonexistent/isogate-no-such-binary', args: [], readyUrl: 'http://127.0.0.1:9/', readyTimeoutMs: 30_000, capture: 'both',
    });
    expect(started.kind).toBe('failed');
    if (started.kind === 'failed') expect(started.output).toMatch(/ENOENT/);
  });
});
