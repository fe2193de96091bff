import { pick, seededRandom } from '../random/index.js';
import { ScenarioTraffic, type ScenarioWorkload } from './ScenarioTraffic.js';
import { parseJson, TrafficClient } from './TrafficClient.js';

export interface TrafficFleet {
  /** The fleet's cohort (`control`, `baseline`, `canary`, …). */
  cohort: string;
  urls: readonly string[];
  /** Per cent of all requests it receives: exactly, request by request, not by chance. */
  percent: number;
}

export interface TrafficOptions {
  fleets: readonly TrafficFleet[];
  /** Requests per second, paced; `closed-loop`: as fast as the fleets answer, MAX_IN_FLIGHT at a time (a capacity probe). */
  rps: number | 'closed-loop';
  seconds: number;
  /** Share of requests that read an item id another tenant created. */
  crossTenantShare: number;
  tenants: readonly string[];
  seed: number;
  signal?: AbortSignal;
  /** Routes of the reference service the judged shares need (/ai/jobs, /rag), and the share of requests they get. */
  workloads?: readonly ScenarioWorkload[];
  scenarioShare?: number;
  /** Share of the kv and item requests that carry a legacy tenant header (the token's own tenant). */
  legacyHeaderShare?: number;
}

export interface TrafficTotals {
  /** Requests sent, by cohort. */
  sent: Record<string, number>;
  /** Transport failures (no HTTP answer): the service never counted them. */
  transportErrors: number;
  /** Requests to the scenario routes, by workload. */
  scenario: Record<ScenarioWorkload, number>;
  /** Requests sent with a legacy tenant header. */
  legacyHeaderRequests: number;
  /** Requests the rate and duration asked for; more than were sent when the machine could not keep the rate. As many as were sent in a closed loop. */
  planned: number;
  /** Seconds from the first request to the last answer (the planned duration is the rehearsal's `seconds`). */
  spanSeconds: number;
  /** HTTP answers received before the planned duration ended: less than planned by about the rate × a request's time, unless a queue grew. */
  answeredInTime: number;
}

/**
 * The cohort of request `i`: the one furthest behind its share (smooth weighted round robin), so
 * every prefix of the traffic is split as asked, to within one request per fleet.
 */
function cohortOf(fleets: readonly TrafficFleet[], sent: Record<string, number>, i: number): TrafficFleet {
  let best = fleets[0] as TrafficFleet;
  let deficit = Number.NEGATIVE_INFINITY;
  for (const f of fleets) {
    const d = ((i + 1) * f.percent) / 100 - (sent[f.cohort] ?? 0);
    if (d > deficit) { best = f; deficit = d; }
  }
  return best;
}

/**
 * Requests in flight at once, at most. The rate needs rate × a request's time of them (1,500 req/s
 * of ~25 ms requests: ~40); a bound a little above that made the driver, not the service, set the pace.
 */
export const MAX_IN_FLIGHT = 256;

/**
 * The rehearsal's generated traffic: paced requests over the fleets, each tenant writing and
 * reading its own kv keys and items, and a share of reads of another tenant's item ids (a shared
 * link, a stale client): a correct service answers those 404, a leaking one serves them.
 */
export async function driveRehearsalTraffic(o: TrafficOptions): Promise<TrafficTotals> {
  const random = seededRandom(o.seed);
  const items = new Map<string, string[]>(); // `${cohort}|${tenant}` → ids
  const fleets = o.fleets.filter((f) => f.percent > 0 && f.urls.length > 0);
  const sent: Record<string, number> = Object.fromEntries(o.fleets.map((f) => [f.cohort, 0]));
  let transportErrors = 0;
  const rps = o.rps === 'closed-loop' ? Number.POSITIVE_INFINITY : o.rps;
  const total = Math.max(1, Math.round(rps * o.seconds));
  const started = Date.now();
  const inFlight = new Set<Promise<void>>();
  const next: Record<string, number> = {};
  const scenario = new ScenarioTraffic(o.workloads ?? [], o.seed);
  let legacyHeaderRequests = 0;
  const LEGACY = ['x-stella-tenant', 'x-tenant-id'] as const;
  // The traffic lasts its duration, not its count: a machine that cannot keep the rate sends fewer
  // requests in the same time, and the judgement's minimum-event rules say whether that is enough.
  // (Sending every planned request took a saturated rehearsal twice its duration.)
  const deadline = started + o.seconds * 1000;
  const client = new TrafficClient();
  let issued = 0;
  let answeredInTime = 0;
  for (let i = 0; i < total && o.signal?.aborted !== true && fleets.length > 0 && Date.now() < deadline; i++) {
    const fleet = cohortOf(fleets, sent, i);
    const cohort = fleet.cohort;
    const turn = next[cohort] ?? 0;
    next[cohort] = turn + 1;
    const base = fleet.urls[turn % fleet.urls.length] as string;
    const tenant = pick(random, o.tenants);
    const headers: Record<string, string> = { authorization: `Bearer tok-${tenant}`, 'content-type': 'application/json' };
    // Drawn for every request (used or not), so the rest of the seeded sequence does not depend on it.
    const legacy = random() < (o.legacyHeaderShare ?? 0);
    const toScenario = scenario.active && random() < (o.scenarioShare ?? 0);
    const roll = random();
    const key = `k${Math.floor(random() * 20)}`;
    let request: () => Promise<void>;
    const mine = items.get(`${cohort}|${tenant}`) ?? [];
    const others = o.tenants.filter((t) => t !== tenant).flatMap((t) => items.get(`${cohort}|${t}`) ?? []);
    if (toScenario) {
      request = scenario.request(client, random, cohort, base, tenant, i);
    } else if (roll < o.crossTenantShare && others.length > 0) {
      const id = pick(random, others);
      request = async () => { await client.send(`${base}/items/${encodeURIComponent(id)}`, { headers }); };
    } else if (roll < 0.15 || mine.length === 0) {
      request = async () => {
        const res = await client.send(`${base}/items`, { method: 'POST', headers, body: JSON.stringify({ value: `v-${tenant}-${i}` }) });
        const body = parseJson(res.body) as { id?: unknown };
        if (res.status === 201 && typeof body.id === 'string') items.set(`${cohort}|${tenant}`, [...(items.get(`${cohort}|${tenant}`) ?? []).slice(-50), body.id]);
      };
    } else if (roll < 0.3) {
      const id = pick(random, mine);
      request = async () => { await client.send(`${base}/items/${encodeURIComponent(id)}`, { headers }); };
    } else if (roll < 0.6) {
      request = async () => { await client.send(`${base}/kv/${key}`, { method: 'PUT', headers, body: JSON.stringify({ value: `v-${tenant}-${i}` }) }); };
    } else {
      request = async () => { await client.send(`${base}/kv/${key}`, { headers }); };
    }
    if (legacy && !toScenario) {
      headers[LEGACY[legacyHeaderRequests % LEGACY.length] as string] = tenant;
      legacyHeaderRequests++;
    }
    sent[cohort] = (sent[cohort] ?? 0) + 1;
    issued++;
    const due = started + (i * 1000) / rps;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p: Promise<void> = request().then(() => { if (Date.now() <= deadline) answeredInTime++; }, () => { transportErrors++; }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    // A bounded number in flight: a stalled service slows the driver instead of piling up sockets.
    if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  client.close();
  return { sent, transportErrors, scenario: { ...scenario.sent }, legacyHeaderRequests, planned: Number.isFinite(total) ? total : issued, spanSeconds: (Date.now() - started) / 1000, answeredInTime };
}
