import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFloodProcess } from '../../src/load/FloodProcess.js';
import { freePort } from '../../src/redis/index.js';

let server: Server;
let url: string;
const seen: Record<string, number> = {};
beforeAll(async () => {
  server = createServer((req, res) => {
    const who = String(req.headers['x-who'] ?? '');
    seen[who] = (seen[who] ?? 0) + 1;
    res.writeHead(200);
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('flood process', () => {
  it('floods with the given headers, again and again from one process, and is gone after close', async () => {
    const flooder = await startFloodProcess();
    try {
      for (const who of ['first', 'second']) {
        const flood = await flooder.flood({ url, headers: { 'x-who': who }, connections: 2, seconds: 1, rps: 100 });
        expect(await flood.done).toBeGreaterThan(0);
        expect(seen[who]).toBeGreaterThan(0);
      }
      expect(alive(flooder.pid)).toBe(true);
    } finally {
      await flooder.close();
    }
    expect(alive(flooder.pid)).toBe(false);
  }, 60_000); // hang guard

  it('a flood nobody answers reports 0, not a rate', async () => {
    await using flooder = await startFloodProcess();
    const flood = await flooder.flood({ url: `http://127.0.0.1:${await freePort()}/x`, headers: {}, connections: 2, seconds: 1 });
    expect(await flood.done).toBe(0);
  }, 60_000); // hang guard

  it('refuses a second flood while one runs, and stop() ends the first early', async () => {
    await using flooder = await startFloodProcess();
    const flood = await flooder.flood({ url, headers: { 'x-who': 'long' }, connections: 2, seconds: 30, rps: 50 });
    await expect(flooder.flood({ url, headers: {}, connections: 1, seconds: 1 })).rejects.toMatchObject({ code: 'ISOGATE_INTERNAL' });
    flood.stop();
    expect(await flood.done).toBeGreaterThan(0);
    // not timing: a flood left to run its whole 30 s at 50 req/s would have sent 1,500
    expect(seen.long).toBeLessThan(30 * 50);
    const next = await flooder.flood({ url, headers: { 'x-who': 'after' }, connections: 1, seconds: 1, rps: 20 });
    expect(await next.done).toBeGreaterThan(0);
  }, 60_000); // hang guard

  it('says why when its process dies: at start with what it wrote to stderr, mid-flood as a flood that failed', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'isogate-flood-')), 'broken.mjs');
    writeFileSync(broken, "throw new Error('this autocannon does not load');\n");
    await expect(startFloodProcess({ autocannonUrl: pathToFileURL(broken).href })).rejects.toMatchObject({
      code: 'ISOGATE_LOAD_FAILED', message: expect.stringMatching(/expected the flood process to load autocannon, but it exited \(1\); stderr: .*this autocannon does not load/s),
    });
    const flooder = await startFloodProcess();
    try {
      const flood = await flooder.flood({ url, headers: {}, connections: 1, seconds: 30, rps: 10 });
      process.kill(flooder.pid as number, 'SIGKILL');
      expect(await flood.done).toBeNaN();
      await expect(flooder.flood({ url, headers: {}, connections: 1, seconds: 1 })).rejects.toMatchObject({ code: 'ISOGATE_LOAD_FAILED' });
    } finally {
      await flooder.close();
    }
  }, 60_000); // hang guard
});

