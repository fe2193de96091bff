import { PrometheusClient, seriesOf } from './PrometheusClient.js';

/**
 * Waits until Prometheus has scraped every target at least once after `unixSeconds` (the traffic's
 * end): a scrape that began after the last answer holds every request in the window. Returns
 * whether it saw that before `timeoutMs`; the caller judges anyway, and the readings' own
 * freshness check (the newest sample's age) says what a late scrape left out.
 */
export async function awaitScrapeAfter(prometheusUrl: string, unixSeconds: number, timeoutMs: number): Promise<boolean> {
  const client = new PrometheusClient({ url: prometheusUrl, timeoutMs: 2_000 });
  const until = Date.now() + timeoutMs;
  for (;;) {
    const record = await client.query('scrape-after', 'min(timestamp(up))', Date.now() / 1000);
    const oldest = Number(seriesOf(record)?.[0]?.value?.[1]);
    if (Number.isFinite(oldest) && oldest > unixSeconds) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
