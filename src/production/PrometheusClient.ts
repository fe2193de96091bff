import { redactSecrets } from '../errors/index.js';

/** One question put to Prometheus and its answer as received: the evidence a reader can re-run. */
export interface QueryRecord {
  /** What the answer is used for (`requests.canary`, `latency.control`, …). */
  purpose: string;
  endpoint: '/api/v1/query' | '/api/v1/query_range';
  promql: string;
  /** Evaluation time (instant) or start/end/step (range), as sent. */
  params: Record<string, string>;
  /** `ok` with the raw JSON body, or why there is no answer. */
  outcome: { kind: 'ok'; answer: PromAnswer } | { kind: 'unreachable' | 'http-error' | 'api-error'; reason: string };
}

/** The standard Prometheus HTTP API envelope (Thanos, Mimir and VictoriaMetrics answer the same). */
export interface PromAnswer {
  status: 'success' | 'error';
  data?: { resultType: 'vector' | 'matrix' | 'scalar' | 'string'; result: unknown };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export interface PromSeries {
  metric: Record<string, string>;
  value?: [number, string];
  values?: Array<[number, string]>;
}

export interface PrometheusClientOptions {
  /** Base URL: `/api/v1/...` is appended (a path prefix such as Mimir's `/prometheus` is kept). */
  url: string;
  /** The whole Authorization header value (`Bearer …`, `Basic …`); never logged, never stored. */
  authorization?: string;
  /** Extra headers, e.g. `X-Scope-OrgID` for Mimir/Cortex tenants. */
  headers?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

/** A minimal reader of the Prometheus HTTP API that keeps every question and answer it had. */
export class PrometheusClient {
  readonly records: QueryRecord[] = [];
  private readonly base: string;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** The base URL as it may be shown: credentials in it are masked. */
  get shownUrl(): string {
    return this.redact(this.base);
  }

  /** Masks the configured secrets (the header values) and anything that looks like one. */
  redact(text: string): string {
    let out = text;
    const secrets = [this.options.authorization, ...Object.values(this.options.headers ?? {})].filter((s): s is string => s !== undefined && s.length >= 4);
    for (const s of secrets) out = out.split(s).join('***');
    return redactSecrets(out);
  }

  query(purpose: string, promql: string, time: number): Promise<QueryRecord> {
    return this.ask(purpose, '/api/v1/query', promql, { time: time.toFixed(3) });
  }

  queryRange(purpose: string, promql: string, start: number, end: number, stepSeconds: number): Promise<QueryRecord> {
    return this.ask(purpose, '/api/v1/query_range', promql, { start: start.toFixed(3), end: end.toFixed(3), step: `${stepSeconds}s` });
  }

  private async ask(purpose: string, endpoint: QueryRecord['endpoint'], promql: string, params: Record<string, string>): Promise<QueryRecord> {
    const body = new URLSearchParams({ query: promql, ...params });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...this.options.headers };
    if (this.options.authorization !== undefined) headers.authorization = this.options.authorization;
    let outcome: QueryRecord['outcome'];
    try {
      const res = await fetch(`${this.base}${endpoint}`, { method: 'POST', body, headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
      const text = await res.text();
      let parsed: PromAnswer | undefined;
      try {
        parsed = JSON.parse(text) as PromAnswer;
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined && parsed.status === 'success' && parsed.data !== undefined) outcome = { kind: 'ok', answer: parsed };
      else if (parsed?.status === 'error') outcome = { kind: 'api-error', reason: this.redact(`${parsed.errorType ?? 'error'}: ${parsed.error ?? ''}`) };
      else outcome = { kind: 'http-error', reason: this.redact(`HTTP ${res.status}: ${text.slice(0, 200)}`) };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      outcome = { kind: 'unreachable', reason: this.redact(`${error instanceof Error ? error.message : String(error)}${cause}`) };
    }
    const record: QueryRecord = { purpose, endpoint, promql, params, outcome };
    this.records.push(record);
    return record;
  }
}

/** The series of an `ok` answer (vector or matrix); undefined when the query had no answer. */
export function seriesOf(record: QueryRecord): PromSeries[] | undefined {
  if (record.outcome.kind !== 'ok') return undefined;
  const { data } = record.outcome.answer;
  if (data === undefined || (data.resultType !== 'vector' && data.resultType !== 'matrix') || !Array.isArray(data.result)) return undefined;
  return data.result as PromSeries[];
}
