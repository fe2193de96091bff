interface TargetsAnswer {
  data?: { activeTargets?: Array<{ lastScrape?: string }> };
}

/** Each active target's last scrape start (ms since the epoch; 0 before its first), or undefined when Prometheus did not answer. */
async function lastScrapes(prometheusUrl: string): Promise<number[] | undefined> {
  try {
    const res = await fetch(`${prometheusUrl.replace(/\/+$/, '')}/api/v1/targets?state=active`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as TargetsAnswer;
    return (body.data?.activeTargets ?? []).map((t) => Math.max(0, Date.parse(t.lastScrape ?? '') || 0));
  } catch {
    return undefined;
  }
}

/**
 * Waits until Prometheus has begun a scrape of every target after `unixSeconds` (the traffic's
 * end): such a scrape holds every request in the window. Read from the targets' `lastScrape`, the
 * time each scrape began: a sample's own timestamp can be moved onto the interval's grid by a few
 * milliseconds, and a target not yet scraped has no sample at all, so `timestamp(up)` can say yes
 * too early. Returns whether it saw that before `timeoutMs`; the caller judges anyway, and the
 * readings' own freshness check (the newest sample's age) says what a late scrape left out.
 */
export async function awaitScrapeAfter(prometheusUrl: string, unixSeconds: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const scrapes = await lastScrapes(prometheusUrl);
    if (scrapes !== undefined && scrapes.length > 0 && scrapes.every((ms) => ms > unixSeconds * 1000)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
