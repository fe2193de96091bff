import { Findings } from '../Findings.js';
import { HttpProbe, inParallel, parseJson } from '../HttpProbe.js';
import type { ScenarioOutcome } from '../ScenarioOutcome.js';
import type { StartRetrievalTarget } from '../ScenarioTargets.js';
import { pick, seededRandom } from '../../random/index.js';
import { summariseLatency, withinSla, RETRIEVAL_SLA } from './LatencySummary.js';
import { canaryCorpus, randomQuery, words, type CanaryDocument } from './RetrievalCorpus.js';
import { RetrievalProbe } from './RetrievalProbe.js';

export interface TenantRetrievalOptions {
  startRetrievalService: StartRetrievalTarget;
  redisUrl: string;
  namespace: string;
  /** Takes the vector store down for the fallback phase (the check's own Redis: it stops it). */
  stopStore: () => Promise<void>;
  target?: string;
  faults?: readonly string[];
  seed: number;
  queries?: number;
  docsPerTenant?: number;
  k?: number;
  latencyRequests?: number;
}

/** Three tenants on the allow-list with documents, one on it with none, one left off it. */
const WITH_DOCS = ['acme', 'globex', 'initech', 'umbrella'] as const;
const EMPTY_TENANT = 'hooli';
const ALLOW_LIST = ['acme', 'globex', 'initech', EMPTY_TENANT] as const;
const ALL_TENANTS = [...WITH_DOCS, EMPTY_TENANT];

type RetrievalFlags = { USE_REAL_VECTOR_RETRIEVAL: boolean; allowList?: readonly string[] };

async function ingest(http: HttpProbe, url: string, docs: readonly CanaryDocument[], findings: Findings): Promise<void> {
  for (const d of docs) {
    const res = await http.send(`${url}/rag/docs`, 'POST', { Authorization: `Bearer tok-${d.tenant}` }, JSON.stringify({ id: d.id, text: d.text }));
    if (res.status !== 201 && res.status !== 200) findings.add('error', `ingest ${d.id} as ${d.tenant}: expected 201, found ${res.status}`);
  }
}

async function compareTelemetry(http: HttpProbe, url: string, probe: RetrievalProbe, findings: Findings, flags: string): Promise<void> {
  const reported = (parseJson((await http.send(`${url}/rag/telemetry`, 'GET', {})).body) ?? {}) as Record<string, unknown>;
  for (const [name, want] of Object.entries(probe.expected)) {
    if (reported[name] !== want) findings.add('telemetry', `${flags}: ${name} expected ${want}, found ${String(reported[name])}`);
  }
}

/**
 * The tenant-retrieval check: canary documents per tenant, random queries (many of
 * them quoting another tenant's canary text), every page of every answer judged against the
 * filter, under the plan's three flag settings (all mock, allow-list, all real); with the
 * allow-list, a timed loop over the HTTP path, then the store goes down and the fallback must
 * answer, filtered and flagged. Telemetry must count exactly what was served.
 */
export async function checkTenantRetrieval(o: TenantRetrievalOptions): Promise<ScenarioOutcome<'tenant-retrieval'>> {
  const started = Date.now();
  const random = seededRandom(o.seed);
  const findings = new Findings();
  const k = o.k ?? 3;
  const docs = canaryCorpus(random, WITH_DOCS, o.docsPerTenant ?? 5);
  const flags = { USE_REAL_VECTOR_RETRIEVAL: true, allowList: [...ALLOW_LIST] };
  const realFor = (t: string): boolean => (ALLOW_LIST as readonly string[]).includes(t);
  const start = (f: RetrievalFlags) => o.startRetrievalService({ redisUrl: o.redisUrl, namespace: o.namespace, flags: f, ...(o.faults === undefined ? {} : { faults: o.faults }) });
  const http = new HttpProbe();
  let queries = 0;
  // The other two flag settings of the plan first: Phase 0 (all mock) and Phase 4 (no allow-list, all real).
  for (const [variant, routedReal] of [[{ USE_REAL_VECTOR_RETRIEVAL: false }, () => false], [{ USE_REAL_VECTOR_RETRIEVAL: true }, () => true]] as const) {
    const service = await start(variant);
    try {
      const probe = new RetrievalProbe(http, service.url, docs, findings, routedReal);
      await ingest(http, service.url, docs, findings);
      for (const tenant of ALL_TENANTS) await probe.allPages(tenant, randomQuery(random, docs), k, false);
      await compareTelemetry(http, service.url, probe, findings, JSON.stringify(variant));
      queries += probe.queries;
    } finally {
      await service.close();
    }
  }
  const service = await start(flags);
  const probe = new RetrievalProbe(http, service.url, docs, findings, realFor);
  let latency = summariseLatency([]);
  try {
    await ingest(http, service.url, docs, findings);
    for (let i = 0; i < (o.queries ?? 40); i++) await probe.allPages(pick(random, ALL_TENANTS), randomQuery(random, docs), k, false);
    const loop = Array.from({ length: o.latencyRequests ?? 100 }, () => ({ tenant: pick(random, ALLOW_LIST), query: words(random, 3) }));
    // The timed loop is judged too: a leak under concurrency counts like any other.
    const samples = await inParallel(loop, 4, ({ tenant, query }) => probe.judged(tenant, query, k, 0, false));
    latency = summariseLatency(samples);
    if (!withinSla(latency)) findings.add('latency', `avg ${latency.avgMs} ms, p95 ${latency.p95Ms} ms, errors ${latency.errorRate}: SLA is < ${RETRIEVAL_SLA.avgMs} ms avg, < ${RETRIEVAL_SLA.p95Ms} ms p95, < 1% errors`);
    await o.stopStore();
    for (const tenant of ALL_TENANTS) {
      await probe.allPages(tenant, randomQuery(random, docs.filter((d) => d.tenant !== tenant)), k, true);
      await probe.allPages(tenant, words(random, 3), k, true);
    }
    await compareTelemetry(http, service.url, probe, findings, JSON.stringify(flags));
  } finally {
    http.close();
    await service.close();
  }
  const metrics = {
    leaks: findings.count('leak'), queries: queries + probe.queries, fallbackUndetected: findings.count('fallback'),
    avgMs: latency.avgMs, p95Ms: latency.p95Ms, errorRate: latency.errorRate,
    filterViolations: findings.count('filter'), routingMismatches: findings.count('routing'),
    telemetryMismatches: findings.count('telemetry'), fallbacks: probe.expected.fallbacks, latencySamples: latency.samples,
  };
  const details = {
    findings: findings.list(), errors: findings.count('error'), k, tenants: ALL_TENANTS, allowList: ALLOW_LIST,
    documents: docs.length, sla: RETRIEVAL_SLA, faults: o.faults ?? [],
  };
  const base = { check: 'tenant-retrieval' as const, target: o.target ?? 'reference-service', metrics, details, seed: o.seed, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started };
  if (findings.total === 0) return { ...base, status: 'pass' };
  return { ...base, status: 'fail', summary: findings.list().slice(0, 3).map((f) => `${f.kind}: ${f.message}`).join('; ') };
}
