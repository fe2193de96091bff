// The rehearsal's traffic lasts its duration: a service that cannot keep the asked rate gets fewer
// requests in the same time, and the totals say how many were planned and how many were sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveRehearsalTraffic, MAX_IN_FLIGHT } from '../../src/production/index.js';

/**
 * Every answer waits as long as the whole traffic lasts: the driver's bounded in-flight requests (a
 * few hundred) are all sent before the first answer frees a slot, whatever the machine's speed.
 */
const ANSWER_DELAY_MS = 2_500;
let server: Server;
let url: string;
let answered = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    setTimeout(() => {
      answered++;
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `item-${answered}` }));
    }, ANSWER_DELAY_MS);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('rehearsal traffic', () => {
  it('stops sending at its duration when the service cannot keep the rate, and reports planned against sent', async () => {
    const totals = await driveRehearsalTraffic({
      fleets: [{ cohort: 'canary', urls: [url], percent: 100 }],
      rps: 1000, seconds: 2, crossTenantShare: 0, tenants: ['acme', 'globex'], seed: 7,
    });
    expect(totals.planned).toBe(2000);
    // No answer comes back within the 2 s, so only the in-flight bound's worth is sent, far below the
    // 2,000 planned on a machine of any speed; without the duration cap all 2,000 are sent.
    // not timing: a count of requests sent, bounded by the in-flight limit and the answer delay
    expect(totals.sent['canary']).toBeLessThan(1000);
    expect(totals.sent['canary']).toBeGreaterThan(0);
    expect(totals.transportErrors).toBe(0);
    expect(answered).toBe(totals.sent['canary']);
  }, 60_000); // hang guard only

  it('in a closed loop keeps the in-flight bound outstanding, and plans what it sent', async () => {
    const before = answered;
    const totals = await driveRehearsalTraffic({
      fleets: [{ cohort: 'canary', urls: [url], percent: 100 }],
      rps: 'closed-loop', seconds: 1, crossTenantShare: 0, tenants: ['acme', 'globex'], seed: 8,
    });
    // No answer comes back within the 1 s, so the loop sends its bound and then waits for a slot
    // that frees only after the deadline: exactly the bound, on a machine of any speed.
    expect(totals.sent['canary']).toBe(MAX_IN_FLIGHT);
    expect(totals.planned).toBe(MAX_IN_FLIGHT);
    expect(answered - before).toBe(MAX_IN_FLIGHT);
  }, 60_000); // hang guard only
});
