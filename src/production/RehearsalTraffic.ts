import { pick, seededRandom } from '../random/index.js';

export interface TrafficFleet {
  cohort: 'control' | 'canary';
  urls: readonly string[];
}

export interface TrafficOptions {
  control: readonly string[];
  canary: readonly string[];
  /** Per cent of requests sent to the canary: exactly, request by request, not by chance. */
  canaryPercent: number;
  rps: number;
  seconds: number;
  /** Share of requests that read an item id another tenant created. */
  crossTenantShare: number;
  tenants: readonly string[];
  seed: number;
  signal?: AbortSignal;
}

export interface TrafficTotals {
  sent: { control: number; canary: number };
  /** Transport failures (no HTTP answer): the service never counted them. */
  transportErrors: number;
}

/**
 * The rehearsal's generated traffic: paced requests over both fleets, each tenant writing and
 * reading its own kv keys and items, and a share of reads of another tenant's item ids (a shared
 * link, a stale client): a correct service answers those 404, a leaking one serves them.
 */
export async function driveRehearsalTraffic(o: TrafficOptions): Promise<TrafficTotals> {
  const random = seededRandom(o.seed);
  const items = new Map<string, string[]>(); // `${cohort}|${tenant}` → ids
  const sent = { control: 0, canary: 0 };
  let transportErrors = 0;
  const total = Math.max(1, Math.round(o.rps * o.seconds));
  const started = Date.now();
  const inFlight = new Set<Promise<void>>();
  const next = { control: 0, canary: 0 };
  for (let i = 0; i < total && o.signal?.aborted !== true; i++) {
    const cohort = Math.floor(((i + 1) * o.canaryPercent) / 100) > Math.floor((i * o.canaryPercent) / 100) ? 'canary' : 'control';
    const urls = cohort === 'canary' ? o.canary : o.control;
    const base = urls[next[cohort]++ % urls.length] as string;
    const tenant = pick(random, o.tenants);
    const headers = { authorization: `Bearer tok-${tenant}`, 'content-type': 'application/json' };
    const roll = random();
    const key = `k${Math.floor(random() * 20)}`;
    let request: () => Promise<void>;
    const mine = items.get(`${cohort}|${tenant}`) ?? [];
    const others = o.tenants.filter((t) => t !== tenant).flatMap((t) => items.get(`${cohort}|${t}`) ?? []);
    if (roll < o.crossTenantShare && others.length > 0) {
      const id = pick(random, others);
      request = async () => { await (await fetch(`${base}/items/${encodeURIComponent(id)}`, { headers })).arrayBuffer(); };
    } else if (roll < 0.15 || mine.length === 0) {
      request = async () => {
        const res = await fetch(`${base}/items`, { method: 'POST', headers, body: JSON.stringify({ value: `v-${tenant}-${i}` }) });
        const body = (await res.json().catch(() => ({}))) as { id?: unknown };
        if (res.status === 201 && typeof body.id === 'string') items.set(`${cohort}|${tenant}`, [...(items.get(`${cohort}|${tenant}`) ?? []).slice(-50), body.id]);
      };
    } else if (roll < 0.3) {
      const id = pick(random, mine);
      request = async () => { await (await fetch(`${base}/items/${encodeURIComponent(id)}`, { headers })).arrayBuffer(); };
    } else if (roll < 0.6) {
      request = async () => { await (await fetch(`${base}/kv/${key}`, { method: 'PUT', headers, body: JSON.stringify({ value: `v-${tenant}-${i}` }) })).arrayBuffer(); };
    } else {
      request = async () => { await (await fetch(`${base}/kv/${key}`, { headers })).arrayBuffer(); };
    }
    sent[cohort]++;
    const due = started + (i * 1000) / o.rps;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p: Promise<void> = request().catch(() => { transportErrors++; }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    // A bounded number in flight: a stalled service slows the driver instead of piling up sockets.
    if (inFlight.size >= 32) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { sent, transportErrors };
}
