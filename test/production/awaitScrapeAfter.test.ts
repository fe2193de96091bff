import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitScrapeAfter, hasPrometheusBinary, startLocalPrometheus, type LocalPrometheus } from '../../src/production/index.js';
import { freePort } from '../../src/redis/index.js';

describe.skipIf(!hasPrometheusBinary())('awaitScrapeAfter, against a real Prometheus scraping every second', () => {
  let server: Server;
  let prometheus: LocalPrometheus;
  /** When each scrape reached the target (ms since the epoch). */
  const scrapes: number[] = [];
  beforeAll(async () => {
    server = createServer((_req, res) => {
      scrapes.push(Date.now());
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end('# TYPE probe_total counter\nprobe_total 1\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const dead = await freePort();
    // A target that never answers is scraped too (up = 0): it must not hold the wait forever.
    prometheus = await startLocalPrometheus({
      jobs: [{ job: 'live', targets: [`127.0.0.1:${(server.address() as AddressInfo).port}`], labels: {} }, { job: 'dead', targets: [`127.0.0.1:${dead}`], labels: {} }],
      scrapeIntervalSeconds: 1,
    });
  }, 90_000); // hang guard: Prometheus start on a busy machine
  afterAll(async () => {
    await prometheus?.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('returns once every target has been scraped after the given moment, the live one included', async () => {
    for (const round of [1, 2]) {
      const after = Date.now();
      expect(await awaitScrapeAfter(prometheus.url, after / 1000, 30_000), `round ${round}`).toBe(true);
      // not timing: a count of scrapes, each stamped by the target as it arrived
      expect(scrapes.filter((t) => t >= after).length, `round ${round}`).toBeGreaterThan(0);
    }
  }, 90_000); // hang guard

  it('says false, without throwing, when the moment is in the future and the time runs out', async () => {
    expect(await awaitScrapeAfter(prometheus.url, Date.now() / 1000 + 3600, 1_500)).toBe(false);
  }, 30_000); // hang guard

  it('says false when nothing answers at the Prometheus URL', async () => {
    expect(await awaitScrapeAfter(`http://127.0.0.1:${await freePort()}`, Date.now() / 1000, 1_000)).toBe(false);
  }, 30_000); // hang guard
});
