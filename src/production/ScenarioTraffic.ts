import { IsogateError } from '../errors/index.js';
import { pick, type SeededRandom } from '../random/index.js';
import { parseJson, type TrafficClient } from './TrafficClient.js';

/** Routes of the reference service a rehearsal drives for the shares it judges. */
export type ScenarioWorkload = 'jobs' | 'retrieval';

const WORDS = ['invoice', 'shipment', 'ledger', 'contract', 'renewal', 'audit', 'payroll', 'forecast', 'quota', 'refund', 'vendor', 'policy'];
const DOCS_PER_TENANT = 12;

/**
 * The canary's configuration for the workloads: the migration's read routing with dual write on
 * (recent jobs in both schemas, older ones only in the old), real retrieval for every tenant the
 * canary serves. The baseline and the control keep their own (the previous) configuration; the
 * shares are read for the canary only.
 */
export async function deployScenarioFlags(canaryUrls: readonly string[], workloads: readonly ScenarioWorkload[]): Promise<void> {
  const put = async (url: string, body: unknown): Promise<void> => {
    const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    if (res.status !== 200) {
      throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected the rehearsal's canary to accept PUT ${new URL(url).pathname} (the reference service's scenario routes), found HTTP ${res.status}`, {
        hint: 'a rehearsal drives these routes only for the default shares of the reference service; judge shares of your own service against your Prometheus ({ url })',
      });
    }
  };
  for (const base of canaryUrls) {
    if (workloads.includes('jobs')) await put(`${base}/ai/jobs-admin/flags`, { AI_JOBS_NEW_SCHEMA: true, READ_PREFERS_NEW: true, READ_FALLBACK_OLD: true });
    if (workloads.includes('retrieval')) await put(`${base}/rag/admin/flags`, { USE_REAL_VECTOR_RETRIEVAL: true, allowList: null });
  }
}

/**
 * Requests to /ai/jobs (create a job, read one back by id) and /rag (index a document, search),
 * each tenant on its own jobs and documents, per cohort.
 */
export class ScenarioTraffic {
  private readonly jobs = new Map<string, string[]>(); // `${cohort}|${tenant}` → job ids
  private readonly docs = new Map<string, number>(); // `${cohort}|${tenant}` → documents indexed
  readonly sent: Record<ScenarioWorkload, number> = { jobs: 0, retrieval: 0 };

  constructor(private readonly workloads: readonly ScenarioWorkload[], private readonly seed: number) {}

  get active(): boolean {
    return this.workloads.length > 0;
  }

  request(client: TrafficClient, random: SeededRandom, cohort: string, base: string, tenant: string, i: number): () => Promise<void> {
    const workload = pick(random, this.workloads);
    this.sent[workload] += 1;
    const headers = { authorization: `Bearer tok-${tenant}`, 'content-type': 'application/json' };
    const key = `${cohort}|${tenant}`;
    if (workload === 'jobs') {
      const mine = this.jobs.get(key) ?? [];
      if (mine.length > 0 && random() < 0.7) {
        const id = pick(random, mine);
        return async () => { await client.send(`${base}/ai/jobs/${encodeURIComponent(id)}`, { headers }); };
      }
      return async () => {
        const res = await client.send(`${base}/ai/jobs`, { method: 'POST', headers, body: JSON.stringify({ request_id: `r-${this.seed}-${i}`, payload: `p-${tenant}-${i}` }) });
        const body = parseJson(res.body) as { jobId?: unknown };
        if (res.status === 201 && typeof body.jobId === 'string') this.jobs.set(key, [...(this.jobs.get(key) ?? []).slice(-99), body.jobId]);
      };
    }
    const indexed = this.docs.get(key) ?? 0;
    const words = (n: number): string => Array.from({ length: n }, () => pick(random, WORDS)).join(' ');
    if (indexed < DOCS_PER_TENANT) {
      this.docs.set(key, indexed + 1);
      const text = `${tenant} ${words(6)}`;
      return async () => { await client.send(`${base}/rag/docs`, { method: 'POST', headers, body: JSON.stringify({ id: `doc-${this.seed}-${i}`, text }) }); };
    }
    const q = encodeURIComponent(words(2));
    return async () => { await client.send(`${base}/rag/search?q=${q}&k=5`, { headers }); };
  }
}
