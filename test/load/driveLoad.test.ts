import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackKvService, type LoopbackKvService } from '../../fixtures/loopback-kv/index.js';
import { driveLoad } from '../../src/load/driveLoad.js';
import { loadConfigSchema } from '../../src/load/LoadConfig.js';
import { buildRequestMix, warmupWrites } from '../../src/load/RequestMix.js';

const config = loadConfigSchema.parse({ mix: { readRatio: 0.75, keysPerTenant: 20 } });
let a: LoopbackKvService;
let b: LoopbackKvService;

beforeAll(async () => { a = await startLoopbackKvService(); b = await startLoopbackKvService(); });
afterAll(async () => { await a.close(); await b.close(); });

describe('driveLoad', () => {
  it('paces both arms at the asked rate, with each tenant\'s credentials and the configured read/write ratio', async () => {
    const warm = warmupWrites(config.mix, config.tenants);
    await driveLoad({ urls: [a.url, b.url], connectionsPerArm: 1, rpsPerArm: undefined, seconds: 1, requests: () => warm, blockMs: 250, seed: 1 });
    const mix = buildRequestMix(config.mix, config.tenants, 3);
    const r = await driveLoad({ urls: [a.url, b.url], connectionsPerArm: 4, rpsPerArm: 150, seconds: 2, requests: () => mix, blockMs: 250, seed: 2 });
    for (const [i, arm] of r.arms.entries()) {
      // 401 would mean wrong credentials, 404 a read of a key the warm-up did not write.
      expect(Object.keys(arm.statuses).sort()).toEqual(['200', '204']);
      const reads = arm.statuses['200'] ?? 0;
      const writes = arm.statuses['204'] ?? 0;
      expect(reads / (reads + writes)).toBeGreaterThan(0.65);
      expect(reads / (reads + writes)).toBeLessThan(0.85);
      expect(r.achievedRpsPerArm[i]).toBeGreaterThan(120);
      expect(r.achievedRpsPerArm[i]).toBeLessThan(170);
    }
    expect(r.wallMs).toBeLessThan(4000);
  });

  it('records microsecond latencies per response, not autocannon\'s whole milliseconds', async () => {
    const mix = buildRequestMix(config.mix, config.tenants, 4);
    const r = await driveLoad({ urls: [a.url], connectionsPerArm: 1, rpsPerArm: 100, seconds: 1, requests: () => mix, blockMs: 250, seed: 5 });
    const arm = r.arms[0]!;
    expect(arm.latencyUs.length).toBeGreaterThan(10);
    expect(arm.latencyUs.some((us) => us % 1000 !== 0)).toBe(true);
    expect(arm.atMs.length).toBe(arm.latencyUs.length);
    expect(new Set(arm.block).size).toBeGreaterThanOrEqual(2);
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
