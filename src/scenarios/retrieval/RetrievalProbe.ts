import type { Findings } from '../Findings.js';
import { parseJson, type HttpProbe, type ProbeResponse } from '../HttpProbe.js';
import type { CanaryDocument } from './RetrievalCorpus.js';

interface SearchBody {
  retriever?: unknown;
  fallback?: unknown;
  results?: unknown;
}

export interface ExpectedTelemetry {
  realRetrievals: number;
  mockRetrievals: number;
  fallbacks: number;
}

/**
 * Sends searches as one tenant and judges each page against what the check knows: who owns
 * every document id and canary, how many documents the tenant has, and which retriever the
 * flags route the tenant to.
 */
export class RetrievalProbe {
  readonly expected: ExpectedTelemetry = { realRetrievals: 0, mockRetrievals: 0, fallbacks: 0 };
  queries = 0;
  private readonly ownerOfId = new Map<string, string>();
  private readonly ownerOfCanary = new Map<string, string>();
  private readonly countOf = new Map<string, number>();

  constructor(
    private readonly http: HttpProbe,
    private readonly url: string,
    docs: readonly CanaryDocument[],
    private readonly findings: Findings,
    private readonly realFor: (tenant: string) => boolean,
  ) {
    for (const d of docs) {
      this.ownerOfId.set(d.id, d.tenant);
      this.ownerOfCanary.set(d.canary, d.tenant);
      this.countOf.set(d.tenant, (this.countOf.get(d.tenant) ?? 0) + 1);
    }
  }

  search(tenant: string, query: string, k: number, offset: number): Promise<ProbeResponse> {
    const qs = new URLSearchParams({ q: query, k: String(k), offset: String(offset) });
    return this.http.send(`${this.url}/rag/search?${qs}`, 'GET', { Authorization: `Bearer tok-${tenant}` });
  }

  /** One search, judged: leaks, routing and the fallback flag; returns the tenant's ids and the timing. */
  async judged(tenant: string, query: string, k: number, offset: number, storeDown: boolean): Promise<{ ids?: string[]; ms: number; ok: boolean }> {
    this.queries += 1;
    const where = `${tenant} q=${JSON.stringify(query.slice(0, 60))} offset ${offset}${storeDown ? ' (store down)' : ''}`;
    const res = await this.search(tenant, query, k, offset);
    if (this.realFor(tenant) && !storeDown) this.expected.realRetrievals += 1;
    else this.expected.mockRetrievals += 1;
    if (this.realFor(tenant) && storeDown) this.expected.fallbacks += 1;
    if (res.status !== 200) {
      this.findings.add(storeDown ? 'fallback' : 'error', `${where}: expected 200, found ${res.status}`);
      return { ms: res.ms, ok: false };
    }
    const body = (parseJson(res.body) ?? {}) as SearchBody;
    this.judgeRouting(body, tenant, storeDown, where);
    return { ids: this.judgeResults(res.body, body, tenant, where), ms: res.ms, ok: true };
  }

  /** Every page of one query: each page holds exactly its share of the tenant's documents, none twice. */
  async allPages(tenant: string, query: string, k: number, storeDown: boolean): Promise<void> {
    const total = this.countOf.get(tenant) ?? 0;
    const seen = new Set<string>();
    const where = `${tenant} q=${JSON.stringify(query.slice(0, 60))}${storeDown ? ' (store down)' : ''}`;
    for (let offset = 0; offset <= total; offset += k) {
      const { ids } = await this.judged(tenant, query, k, offset, storeDown);
      if (ids === undefined) return;
      const due = Math.min(k, Math.max(0, total - offset));
      if (ids.length !== due) this.findings.add('filter', `${where} offset ${offset} k ${k}: expected ${due} of ${tenant}'s ${total} documents, found ${ids.length}`);
      for (const id of ids) {
        if (seen.has(id)) this.findings.add('filter', `${where}: document ${id} on two pages`);
        seen.add(id);
      }
    }
  }

  private judgeRouting(body: SearchBody, tenant: string, storeDown: boolean, where: string): void {
    const retriever = this.realFor(tenant) && !storeDown ? 'real' : 'mock';
    if (storeDown && this.realFor(tenant) && body.fallback !== true) {
      this.findings.add('fallback', `${where}: served while the store is down without fallback: true`);
    } else if (body.retriever !== retriever || (body.fallback === true) !== (storeDown && this.realFor(tenant))) {
      this.findings.add('routing', `${where}: expected retriever ${retriever}, found ${String(body.retriever)} (fallback ${String(body.fallback)})`);
    }
  }

  /** Ids of the results, after reporting any that are not the tenant's or that show another's canary. */
  private judgeResults(raw: string, body: SearchBody, tenant: string, where: string): string[] {
    for (const [canary, owner] of this.ownerOfCanary) {
      if (owner !== tenant && raw.includes(canary)) this.findings.add('leak', `${where}: answer shows ${owner}'s canary ${canary}`);
    }
    if (!Array.isArray(body.results)) {
      this.findings.add('error', `${where}: expected results: [...], found ${raw.slice(0, 80)}`);
      return [];
    }
    const ids: string[] = [];
    for (const r of body.results as unknown[]) {
      const id = (r as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') {
        this.findings.add('error', `${where}: a result without an id`);
        continue;
      }
      const owner = this.ownerOfId.get(id);
      if (owner !== tenant) {
        // Counted once per answer by canary above when the text came along; an id alone leaks too.
        if (!raw.includes(`cnry-rag-${owner ?? ''}`)) this.findings.add('leak', `${where}: result ${id} belongs to ${owner ?? 'nobody'}`);
        continue;
      }
      ids.push(id);
    }
    return ids;
  }
}
