import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnReferenceService, type SpawnedReferenceService } from '../../fixtures/reference-service/index.js';
import {
  driveRehearsalTraffic, judgeProduction, productionConfigSchema, PrometheusClient, readCohorts, startLocalPrometheus,
  type LocalPrometheus, type ProductionJudgement, type ProductionThreshold,
} from '../../src/production/index.js';
import { isProcessAlive } from '../support/isProcessAlive.js';

/**
 * Against a real Prometheus (Debian's binary) scraping real reference-service processes every
 * second: one control and four canaries (correct, slow-path, error-rate, bola-by-id), each its
 * own `cohort` label, all driven by one seeded traffic run. What is asserted is what the faults
 * make true by construction (every slow request waits 200 ms; every 5th request of the error
 * canary fails; cross-tenant item reads are served by the leaking one); no live latency verdict
 * is asserted as a fact.
 */
const CANARIES = { aa: '', slow: 'slow-path=200ms', errors: 'error-rate=20%', leak: 'bola-by-id' } as const;

const services: SpawnedReferenceService[] = [];
const byCohort = new Map<string, string>();
let prometheus: LocalPrometheus;
let end = 0;
let window = '';
let windowSeconds = 0;

const THRESHOLDS: ProductionThreshold[] = [
  { id: 'p95', metric: 'p95Ratio', op: '<=', value: 1.1 },
  { id: 'errors', metric: 'errorRateDelta', op: '<=', value: 0.01 },
  { id: 'isolation', metric: 'isolationScore', op: '>=', value: 99.5 },
];

function configFor(canary: string, over: Record<string, unknown> = {}) {
  return productionConfigSchema.parse({
    prometheus: { url: prometheus.url }, cohorts: { control: 'cohort="control"', canary: `cohort="${canary}"` },
    // Coverage is judged on synthetic readings (judgeProduction.test.ts); here a busy machine may
    // delay Prometheus's first scrapes, so only a window mostly without data is refused.
    metrics: { redisLatency: null }, limits: { minRequests: 300, maxScrapeAgeSeconds: 5, minCoverage: 0.5 }, ...over,
  });
}

async function judge(canary: string, over: Record<string, unknown> = {}, at = end, url?: string): Promise<{ j: ProductionJudgement; client: PrometheusClient }> {
  const config = configFor(canary, over);
  const client = new PrometheusClient({ url: url ?? prometheus.url });
  const reading = await readCohorts(client, config, { end: at, window, windowSeconds, rateWindowSeconds: 3 });
  return { j: judgeProduction(reading, config, { thresholds: THRESHOLDS }), client };
}

const status = (j: ProductionJudgement, metric: string): string | undefined => j.thresholds.find((t) => t.metric === metric)?.status;

/** Waits until Prometheus has scraped every target once, so the judged window does not open before it. */
async function waitForScrapes(url: string, targets: number): Promise<void> {
  for (let i = 0; i < 600; i++) { // hang guard: 60 s for a first scrape on a busy machine
    type UpAnswer = { data?: { result?: Array<{ value: [number, string] }> } };
    const body: UpAnswer = await fetch(`${url}/api/v1/query?query=up`).then((r) => r.json() as Promise<UpAnswer>, () => ({}));
    const up = (body.data?.result ?? []).filter((r) => r.value[1] === '1').length;
    if (up >= targets) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Prometheus did not scrape all ${targets} targets within 60 s`);
}

beforeAll(async () => {
  const cohorts: Array<[string, string]> = [['control', ''], ...Object.entries(CANARIES)];
  for (const [cohort, faults] of cohorts) {
    const s = await spawnReferenceService({ namespace: `isogate:prod-${cohort}`, faults, env: { ISOGATE_COHORT: cohort === 'control' ? 'control' : `canary-${cohort}` } });
    services.push(s);
    byCohort.set(cohort, s.url);
  }
  prometheus = await startLocalPrometheus({
    jobs: [{ job: 'control', targets: [new URL(byCohort.get('control')!).host] }, { job: 'canaries', targets: Object.keys(CANARIES).map((c) => new URL(byCohort.get(c)!).host) }],
    scrapeIntervalSeconds: 1,
  });
  await waitForScrapes(prometheus.url, cohorts.length);
  const started = Date.now();
  // 80% to the four canaries (round-robin: 20% each), 20% to the control.
  await driveRehearsalTraffic({
    fleets: [{ cohort: 'control', urls: [byCohort.get('control')!], percent: 20 }, { cohort: 'canary', urls: Object.keys(CANARIES).map((c) => byCohort.get(c)!), percent: 80 }],
    rps: 250, seconds: 20, crossTenantShare: 0.2, tenants: ['acme', 'globex', 'initech', 'umbrella'], seed: 20261202,
  });
  // Three requests of an old client to the leaking canary at the end of the traffic (inside the window), sending a legacy tenant header.
  for (const header of ['x-tenant-id', 'x-stella-tenant', 'x-tenant-id']) {
    await (await fetch(`${byCohort.get('leak')!}/kv/old-client`, { headers: { authorization: 'Bearer tok-acme', [header]: 'acme' } })).arrayBuffer();
  }
  await new Promise((r) => setTimeout(r, 2_500));
  // The window opens 2 s into the traffic: series exist only from a cohort's first request and scrape.
  windowSeconds = Math.floor((Date.now() - started) / 1000) - 2;
  window = `${windowSeconds}s`;
  end = Date.now() / 1000;
}, 180_000); // hang guard: process start-up and 20 s of paced traffic on a busy machine

afterAll(async () => {
  const pid = prometheus?.pid;
  const dir = prometheus?.dir;
  await prometheus?.stop();
  await Promise.all(services.map((s) => s.stop()));
  expect(isProcessAlive(pid)).toBe(false);
  expect(dir === undefined || !existsSync(dir)).toBe(true);
  for (const s of services) expect(isProcessAlive(s.pid)).toBe(false);
});

describe('production evidence from a real Prometheus', () => {
  it('A/A: a correct canary passes the error differential and isolation, with the PromQL and raw answers recorded', async () => {
    const { j, client } = await judge('canary-aa');
    expect(j.insufficient, j.insufficient.join('; ')).toEqual([]);
    // Zero errors and zero violations on both sides, over 300+ requests each: these pass by construction.
    expect(j.metrics.errorsCanary).toBe(0);
    expect(j.metrics.isolationViolations).toBe(0);
    expect(status(j, 'errorRateDelta')).toBe('pass');
    expect(status(j, 'isolationScore')).toBe('pass');
    // The latency outcome is a live measurement: only its consistency with its own interval is asserted.
    const p95 = j.thresholds.find((t) => t.metric === 'p95Ratio');
    expect(p95?.status === 'fail' ? j.metrics['p95Ratio.lo']! > 1.1 : true).toBe(true);
    expect(client.records.map((r) => r.promql)).toContain(`sum(increase(refsvc_tenant_requests_total{cohort="canary-aa"}[${window}]))`);
    expect(client.records.every((r) => r.outcome.kind === 'ok')).toBe(true);
    expect(client.records.some((r) => r.endpoint === '/api/v1/query_range')).toBe(true);
  });

  it('a canary with the slow-path fault is NO-GO on P95 whenever the control was measurably faster', async () => {
    const { j } = await judge('canary-slow');
    expect(j.insufficient, j.insufficient.join('; ')).toEqual([]);
    // Every request of this canary waited 200 ms: its P95 interval starts at or above the bucket below 200 ms.
    expect(j.metrics['p95MsCanary.lo']).toBeGreaterThan(190);
    const controlHi = j.metrics['p95MsBaseline.hi']!;
    if (controlHi * 1.1 < j.metrics['p95MsCanary.lo']!) expect(status(j, 'p95Ratio')).toBe('fail');
    else expect(status(j, 'p95Ratio')).not.toBe('pass');
    expect(j.status).not.toBe('pass');
  });

  it('a canary with the error-rate fault is NO-GO on the error differential', async () => {
    const { j } = await judge('canary-errors');
    expect(j.insufficient, j.insufficient.join('; ')).toEqual([]);
    expect(j.metrics.errorsCanary).toBeGreaterThan(0);
    expect(status(j, 'errorRateDelta')).toBe('fail');
    expect(j.status).toBe('fail');
  });

  it('a canary with the bola-by-id leak is NO-GO on its isolation counter', async () => {
    const { j } = await judge('canary-leak');
    expect(j.insufficient, j.insufficient.join('; ')).toEqual([]);
    expect(j.metrics.isolationViolations).toBeGreaterThan(0);
    expect(status(j, 'isolationScore')).toBe('fail');
    // The legacy header counter, read the same way: the old client's three requests, none elsewhere.
    expect(j.metrics.legacyHeaderRequests).toBe(3);
    expect((await judge('canary-aa')).j.metrics.legacyHeaderRequests).toBe(0);
    expect(j.status).toBe('fail');
  });

  it('Prometheus down is INCONCLUSIVE with the reason', async () => {
    const { j } = await judge('canary-aa', {}, end, 'http://127.0.0.1:9');
    expect(j.status).toBe('inconclusive');
    expect(j.insufficient.join(' ')).toMatch(/Prometheus gave no answer \(unreachable: .*\); check the URL/);
  });

  it('no series for the cohort is INCONCLUSIVE, naming the selector', async () => {
    const { j } = await judge('canary-nonexistent');
    expect(j.status).toBe('inconclusive');
    expect(j.insufficient.join(' ')).toMatch(/no refsvc_tenant_requests_total series for canary \{cohort="canary-nonexistent"\}/);
  });

  it('a stale scrape (newest sample older than the limit at the evaluation time) is INCONCLUSIVE', async () => {
    const { j } = await judge('canary-aa', {}, Date.now() / 1000 + 30);
    expect(j.status).toBe('inconclusive');
    expect(j.insufficient.join(' ')).toMatch(/s old \(limit 5 s\): the scrape is stale/);
  });
});
