import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigSchema } from '../../src/load/LoadConfig.js';
import { measureNoisyNeighbour } from '../../src/load/measureNoisyNeighbour.js';
import { freePort } from '../../src/redis/index.js';

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"value":"x"}'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise((r) => server.close(r)); });

const config = loadConfigSchema.parse({ noisyNeighbour: { seconds: 4, quietRps: 50, floodConnections: 2, floodRps: 200 } });

describe('noisy neighbour', () => {
  it('defaults give the 1,000 samples per side a stage requires (5 flood slots of 2 s at 150 req/s)', () => {
    const d = loadConfigSchema.parse({}).noisyNeighbour;
    const floodSlots = Math.max(2, 2 * Math.round(d.seconds / 4)) / 2;
    // not timing: arithmetic on the configured defaults, whatever the machine achieves
    expect(floodSlots * 2 * d.quietRps).toBeGreaterThanOrEqual(1000 * 1.2);
  });

  it('sizes the measured tenant\'s connections to its rate, so answers slower than the pacing interval still give the samples', async () => {
    // Every answer waits 60 ms: one connection could send at most 2 s / 60 ms = 33 requests a slot,
    // 66 over the two flood slots, against the 2 x 2 s x 100 = 400 asked.
    const slow = createServer((_req, res) => { setTimeout(() => { res.writeHead(200); res.end('{"value":"x"}'); }, 60); });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    try {
      const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const c = loadConfigSchema.parse({ noisyNeighbour: { seconds: 8, quietRps: 100, floodConnections: 2, floodRps: 100 } });
      const e = await measureNoisyNeighbour({ url: slowUrl, target: 't', config: c, seed: 5 });
      const d = e.details as { quietConnections: number; probeP95Ms: number };
      // not timing: every answer is held 60 ms by the server, so no machine measures less
      expect(d.probeP95Ms).toBeGreaterThanOrEqual(60);
      // not timing: arithmetic on the probe's own figure (rate x P95 x headroom)
      expect(d.quietConnections).toBeGreaterThanOrEqual(Math.ceil((100 * d.probeP95Ms * 3) / 1000));
      // not timing: a count bounded by the fixed answer delay (one connection: at most 66 a side)
      expect(e.metrics.samples).toBeGreaterThan(2 * 66);
    } finally {
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  }, 60_000); // hang guard

  it('a flood that got no answer at all is not a noisy slot: the check is inconclusive and says so', async () => {
    // The measured tenant is served; the flood is aimed at a port where nothing listens.
    const dead = `http://127.0.0.1:${await freePort()}`;
    const e = await measureNoisyNeighbour({ url, target: 't', config, seed: 3, floodUrl: dead });
    expect(e.status).toBe('inconclusive');
    expect(String((e.details as { reason: string }).reason)).toMatch(/flood did not run/);
    expect(e.metrics.selfCheckProblems).toBe(1);
    expect(e.metrics['p95Ratio.lo']).toBeUndefined();
  }, 60_000); // hang guard

  it('a flood that ran is counted: no flood problem reported', async () => {
    const e = await measureNoisyNeighbour({ url, target: 't', config, seed: 3 });
    expect((e.details as { failedFloodSlots: number[] }).failedFloodSlots).toEqual([]);
    expect(e.metrics.selfCheckProblems).toBe(0);
    expect(e.metrics.floodRps).toBeGreaterThan(0);
  }, 60_000); // hang guard

  it('catches a tenant whose requests hold the service\'s one thread (a seeded fault): the quiet tenant is slowed far past the limit', async () => {
    // The service runs in a process of its own; every request of the flooding tenant (globex, the
    // second of the default tenants) holds its one thread 10 ms, acme's are answered at once. Under
    // the flood an acme request waits for the request in hand, up to 10 ms, against well under a
    // millisecond in a quiet slot: a ratio far past the limit of 2 (and the 1 ms floor) by construction.
    const child: ChildProcess = spawn(process.execPath, ['-e', `
      const server = require('node:http').createServer((req, res) => {
        if (req.headers.authorization === 'Bearer tok-globex') { const until = Date.now() + 10; while (Date.now() < until); }
        res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"value":"x"}');
      });
      server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
        child.once('exit', (code) => reject(new Error(`the faulty service exited (${code})`)));
      });
      // 150 req/s over two 2-s flood slots: 600 answers a side, 30 beyond the P95 (the judge asks 20).
      const c = loadConfigSchema.parse({ noisyNeighbour: { seconds: 8, quietRps: 150, quietConnections: 8, floodConnections: 2 } });
      const e = await measureNoisyNeighbour({ url: `http://127.0.0.1:${port}`, target: 't', config: c, seed: 11 });
      expect(e.status, JSON.stringify(e.details)).toBe('fail');
      expect(e.metrics['p95Ratio.lo']).toBeGreaterThan(e.metrics.p95Limit ?? Number.NaN);
      // not timing: every flooding request holds the service 10 ms, so a waiting answer takes most of that
      expect(e.metrics.noisyP95Ms).toBeGreaterThan(5);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000); // hang guard
});

