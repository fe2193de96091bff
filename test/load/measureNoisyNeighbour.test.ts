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
});
