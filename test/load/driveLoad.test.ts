import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackKvService, type LoopbackKvService } from '../../fixtures/loopback-kv/index.js';
import { driveLoad } from '../../src/load/driveLoad.js';
import { loadConfigSchema } from '../../src/load/LoadConfig.js';
import { buildRequestMix, warmupWrites, type MixRequest } from '../../src/load/RequestMix.js';

const config = loadConfigSchema.parse({ mix: { readRatio: 0.75, keysPerTenant: 20 } });
let a: LoopbackKvService;
let b: LoopbackKvService;

beforeAll(async () => { a = await startLoopbackKvService(); b = await startLoopbackKvService(); });
afterAll(async () => { await a.close(); await b.close(); });

/**
 * The most a cyclic window of `mix` can stray from the mix's own read ratio: a connection sends a
 * window of the sequence from its offset, so an arm's reads are within connections × this of
 * ratio × responses, however many responses the machine managed.
 */
function windowReadDeviation(mix: readonly MixRequest[]): { ratio: number; deviation: number } {
  const ratio = mix.filter((r) => r.kind === 'read').length / mix.length;
  let deviation = 0;
  for (let start = 0; start < mix.length; start++) {
    let reads = 0;
    for (let k = 1; k <= mix.length; k++) {
      if (mix[(start + k - 1) % mix.length]?.kind === 'read') reads++;
      deviation = Math.max(deviation, Math.abs(reads - ratio * k));
    }
  }
  return { ratio, deviation };
}

describe('driveLoad', () => {
  it('paces both arms no faster than asked, with each tenant\'s credentials and the mix\'s read/write sequence', async () => {
    // Warm-up writes sent one by one, so every key exists however slow the machine (a timed warm-up may not finish).
    for (const url of [a.url, b.url]) {
      for (const w of warmupWrites(config.mix, config.tenants)) {
        expect((await fetch(`${url}${w.path}`, { method: w.method, headers: w.headers, body: w.body })).status).toBe(204);
      }
    }
    const mix = buildRequestMix(config.mix, config.tenants, 3);
    const paced = { connectionsPerArm: 4, rpsPerArm: 150 };
    const before = performance.now();
    const r = await driveLoad({ urls: [a.url, b.url], ...paced, seconds: 2, requests: () => mix, blockMs: 250, seed: 2 });
    const outerMs = performance.now() - before;
    // Holds on any machine: the pacer spaces a connection's sends at least half an interval apart,
    // its schedule starting at most one interval early; a slow machine only sends fewer.
    const intervalMs = (1000 * paced.connectionsPerArm) / paced.rpsPerArm;
    const mostSends = paced.connectionsPerArm * (Math.floor((outerMs + intervalMs + 1) / (0.5 * intervalMs)) + 1);
    const { ratio, deviation } = windowReadDeviation(mix);
    for (const arm of r.arms) {
      // 401 would mean wrong credentials, 404 a read of a key the warm-up did not write.
      expect(Object.keys(arm.statuses).filter((s) => s !== '200' && s !== '204')).toEqual([]);
      const reads = arm.statuses['200'] ?? 0;
      const writes = arm.statuses['204'] ?? 0;
      expect(reads + writes).toBeGreaterThan(0);
      expect(reads + writes).toBeLessThanOrEqual(mostSends);
      expect(Math.abs(reads - ratio * (reads + writes))).toBeLessThanOrEqual(paced.connectionsPerArm * deviation + 1e-9);
    }
    expect(r.wallMs).toBeLessThan(60_000); // hang guard: a 2 s run still going after a minute has hung
  });

  it('records microsecond latencies per response, not autocannon\'s whole milliseconds', async () => {
    const mix = buildRequestMix(config.mix, config.tenants, 4);
    const r = await driveLoad({ urls: [a.url], connectionsPerArm: 1, rpsPerArm: 100, seconds: 1, requests: () => mix, blockMs: 250, seed: 5 });
    const arm = r.arms[0]!;
    expect(arm.latencyUs.length).toBeGreaterThan(0);
    expect(arm.latencyUs.some((us) => us % 1000 !== 0)).toBe(true);
    expect(arm.atMs.length).toBe(arm.latencyUs.length);
    // Each response sits in the time block of the moment it completed.
    expect(arm.block).toEqual(arm.atMs.map((at) => Math.floor(at / 250)));
    expect(r.driverCpu).toBeGreaterThan(0);
    // The same responses in our own µs HDR histogram, within its 3 significant digits.
    expect(arm.hdr.totalCount).toBe(arm.latencyUs.length);
    const sorted = [...arm.latencyUs].sort((x, y) => x - y);
    const exactP50 = sorted[Math.ceil(0.5 * sorted.length) - 1]!;
    expect(Math.abs(arm.hdr.getValueAtPercentile(50) - exactP50) / exactP50).toBeLessThan(0.01);
  });

  it('counts connection errors against the arm that had them', async () => {
    const dead = await startLoopbackKvService();
    const url = dead.url;
    await dead.close();
    const mix = buildRequestMix(config.mix, config.tenants, 6);
    const r = await driveLoad({ urls: [a.url, url], connectionsPerArm: 1, rpsPerArm: 50, seconds: 1, requests: () => mix, blockMs: 250, seed: 7 });
    expect(r.arms[0]!.socketErrors).toBe(0);
    expect(r.arms[1]!.socketErrors).toBeGreaterThan(0);
    expect(r.arms[1]!.latencyUs.length).toBe(0);
  });
});
