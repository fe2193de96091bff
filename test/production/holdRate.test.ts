// A rate with no room under the capacity probe's best is held, paced, before the rehearsal asks
// for it; a rate the fleets do not keep is lowered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_BACKOFF, HOLD_RAISE, HOLD_SECONDS, holdRate, KEPT_RATE_SHARE, MAX_HOLDS, PROBE_MAX_SLICES, type RehearsalRate, type TrafficOptions } from '../../src/production/index.js';

const mixFor = (url: string): Omit<TrafficOptions, 'rps' | 'seconds' | 'seed'> => ({
  fleets: [{ cohort: 'canary', urls: [url], percent: 100 }], crossTenantShare: 0, tenants: ['acme', 'globex'],
});
const probed = (rps: number, probedRps: number): RehearsalRate => ({ rps, probedRps, reason: `probe: ${rps}` });

/** A scripted traffic driver: answers the given shares of what each hold plans, in turn. */
function scripted(shares: number[]): { drive: (o: TrafficOptions) => Promise<{ planned: number; answeredInTime: number }>; asked: TrafficOptions[] } {
  const asked: TrafficOptions[] = [];
  return {
    asked,
    drive: async (o) => {
      asked.push(o);
      const planned = Math.round((o.rps as number) * o.seconds);
      return { planned, answeredInTime: Math.ceil(planned * (shares[asked.length - 1] ?? 1)) };
    },
  };
}

describe('holdRate, its decisions', () => {
  const url = 'http://127.0.0.1:1';

  it('asks for no hold without a probe, or where the probe saw room above the rate', async () => {
    for (const rate of [{ rps: 1500, reason: 'configured' }, probed(1500, 2000)]) {
      const s = scripted([]);
      expect(await holdRate(mixFor(url), 1, rate, 1500, s.drive)).toEqual(rate);
      expect(s.asked).toEqual([]);
    }
  });

  it('keeps the configured rate its one hold shows kept, and says so', async () => {
    const s = scripted([KEPT_RATE_SHARE]);
    const r = await holdRate(mixFor(url), 7, probed(1500, 1512), 1500, s.drive);
    expect(r.rps).toBe(1500);
    expect(r.holds).toEqual([{ rps: 1500, answeredShare: KEPT_RATE_SHARE }]);
    expect(s.asked.map((o) => [o.rps, o.seconds])).toEqual([[1500, HOLD_SECONDS]]);
    // After the probe's seeds, so the traffic's own seeded sequence is untouched.
    expect(s.asked[0]?.seed).toBe(7 + 1 + PROBE_MAX_SLICES);
    expect(r.reason).toBe('probe: 1500; 1500 req/s held 2 s, 95% answered in time');
  });

  it('lowers a rate not kept by the backoff until one is kept, and keeps that one', async () => {
    const s = scripted([0.7, 0.99]);
    const r = await holdRate(mixFor(url), 1, probed(1361, 1361), 1500, s.drive);
    expect(r.rps).toBe(Math.floor(1361 * HOLD_BACKOFF));
    expect(s.asked.map((o) => o.rps)).toEqual([1361, 1088]);
    expect(r.reason).toMatch(/^1088 req\/s: the fleets did not keep 1361 req\/s \(1361 req\/s held 2 s, 70% answered in time; 1088 req\/s held 2 s, 99% answered in time; less than 95%/);
    expect(r.reason).toContain('the probe alone gave probe: 1361');
  });

  it('raises a kept rate below the configured one, never past it, while the fleets keep it', async () => {
    const s = scripted([1, 1, 1]);
    const r = await holdRate(mixFor(url), 1, probed(1157, 1157), 1500, s.drive);
    expect(s.asked.map((o) => o.rps)).toEqual([1157, Math.floor(1157 * HOLD_RAISE), 1500]);
    expect(r.rps).toBe(1500);
    expect(r.reason).toMatch(/^1500 req\/s: the fleets kept more than the probe saw, paced/);
  });

  it('stays at the last kept rate when a raised one is not kept', async () => {
    const s = scripted([1, 0.9]);
    const r = await holdRate(mixFor(url), 1, probed(1157, 1157), 1500, s.drive);
    expect(r.rps).toBe(1157);
    expect(r.holds?.map((h) => h.rps)).toEqual([1157, 1330]);
  });

  it('stops after its last hold; with none kept it lowers once more, untested, and says so', async () => {
    const s = scripted(Array.from({ length: MAX_HOLDS }, () => 0.5));
    const r = await holdRate(mixFor(url), 1, probed(1000, 1000), 1500, s.drive);
    expect(r.holds?.map((h) => h.rps)).toEqual([1000, 800, 640, 512, 409].slice(0, MAX_HOLDS));
    expect(r.rps).toBe(Math.floor((r.holds?.at(-1)?.rps ?? 0) * HOLD_BACKOFF));
    expect(r.reason).toContain('kept none of the rates held');
  });
});

describe('holdRate, on a server that cannot keep the probe\'s best', () => {
  // Every answer holds the server's one thread 2 ms: it answers 500 req/s at most, on any machine
  // (a busy one only answers fewer), so 1,000 req/s is never kept.
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const until = Date.now() + 2;
      while (Date.now() < until) { /* the server's whole capacity, by construction */ }
      req.resume();
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x1', value: 'v' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sees the queue grow at every rate above 500 req/s, and asks for less than the probe said', async () => {
    const r = await holdRate(mixFor(url), 1, probed(1000, 1000), 1000);
    // not timing: the server answers at most 500 req/s by construction, so at most half of 1,000
    expect(r.holds?.[0]?.answeredShare).toBeLessThanOrEqual(0.5 + 0.01);
    expect(r.holds?.slice(0, 3).map((h) => h.rps)).toEqual([1000, 800, 640]);
    // not timing: every rate held above the server's 500 req/s is a queue growing
    expect(r.holds?.filter((h) => h.rps > 500).every((h) => h.answeredShare < KEPT_RATE_SHARE)).toBe(true);
    // not timing: the rate holdRate decided on, lowered because the first hold was not kept (above)
    expect(r.rps).toBeLessThan(1000);
  }, 60_000); // hang guard
});
