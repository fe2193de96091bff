// Records a real Prometheus's answers for an A/A pair, for recordedAnswers.test.ts:
//   npx tsx test/production/recordAnswers.ts > test/production/recorded/aa.json
// Both cohorts run the same build with a fixed 20 ms of work per request (slow-path=20ms), so
// their latency is dominated by something both share and the recording holds a decidable A/A.
import { spawnReferenceService } from '../../fixtures/reference-service/index.js';
import { driveRehearsalTraffic, PrometheusClient, productionConfigSchema, readCohorts, startLocalPrometheus } from '../../src/production/index.js';

const control = await spawnReferenceService({ namespace: 'isogate:rec-control', faults: 'slow-path=20ms', env: { ISOGATE_COHORT: 'control' } });
const canary = await spawnReferenceService({ namespace: 'isogate:rec-canary', faults: 'slow-path=20ms', env: { ISOGATE_COHORT: 'canary' } });
const prometheus = await startLocalPrometheus({ jobs: [{ job: 'aa', targets: [new URL(control.url).host, new URL(canary.url).host] }], scrapeIntervalSeconds: 1 });
try {
  const started = Date.now();
  await driveRehearsalTraffic({ control: [control.url], canary: [canary.url], canaryPercent: 50, rps: 150, seconds: 30, crossTenantShare: 0.05, tenants: ['acme', 'globex', 'initech', 'umbrella'], seed: 7 });
  await new Promise((r) => setTimeout(r, 2_500));
  const windowSeconds = Math.floor((Date.now() - started) / 1000) - 2;
  const end = Date.now() / 1000;
  const config = productionConfigSchema.parse({ prometheus: { url: prometheus.url }, metrics: { redisLatency: null } });
  const client = new PrometheusClient({ url: prometheus.url });
  await readCohorts(client, config, { end, window: `${windowSeconds}s`, windowSeconds, rateWindowSeconds: 3 });
  process.stdout.write(`${JSON.stringify({ end, windowSeconds, records: client.records }, null, 1)}\n`);
} finally {
  await prometheus.stop();
  await Promise.all([control.stop(), canary.stop()]);
}
