/**
 * The HTTP surface the drills drive (the reference service's, which a user's service mirrors):
 * `GET /flags` → `{ version, <FLAG>: { global } | boolean }`, `GET /health` → `{ redis: 'up' | 'down' }`,
 * `GET /metrics` (Prometheus text, optional), `PUT /kv/:key {"value"}` and `GET /kv/:key` → `{ value }`,
 * each as the tenant its bearer token names.
 */
export type Reply =
  | { kind: 'ok'; status: number; body: unknown }
  /** 4xx: the service refused on purpose (e.g. 404 for a key it does not have). */
  | { kind: 'refused'; status: number; body: unknown }
  /** 5xx: an error escaped the service's handling. */
  | { kind: 'failed'; status: number; body: unknown }
  /** No HTTP answer at all: refused connection, reset, or timeout. */
  | { kind: 'transport'; error: string };

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

export class ServiceClient {
  constructor(
    readonly url: string,
    private readonly tokenFor: (tenant: string) => string,
    private readonly timeoutMs = 3_000,
  ) {}

  async call(method: string, path: string, tenant?: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (tenant !== undefined) headers['authorization'] = `Bearer ${this.tokenFor(tenant)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await fetch(new URL(path, this.url), {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // Prometheus text, or a non-JSON error page: keep the text
      }
      const kind = res.status >= 500 ? 'failed' : res.status >= 400 ? 'refused' : 'ok';
      return { kind, status: res.status, body: parsed };
    } catch (error) {
      return { kind: 'transport', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }

  /** The flags version this instance has applied and the flag's global value, or undefined when it does not answer. */
  async flag(flag: string): Promise<{ version: number; value: boolean } | undefined> {
    const reply = await this.call('GET', '/flags');
    if (reply.kind !== 'ok') return undefined;
    const version = field(reply.body, 'version');
    const entry = field(reply.body, flag);
    const value = typeof entry === 'boolean' ? entry : field(entry, 'global');
    return typeof version === 'number' && typeof value === 'boolean' ? { version, value } : undefined;
  }

  /** 'up' when the instance serves flagged tenants from Redis. */
  async redisHealth(): Promise<string | undefined> {
    const reply = await this.call('GET', '/health');
    const redis = reply.kind === 'ok' ? field(reply.body, 'redis') : undefined;
    return typeof redis === 'string' ? redis : undefined;
  }

  /** A counter from /metrics whose name ends with `suffix` (labels included), summed; undefined if absent. */
  async metric(suffix: string): Promise<number | undefined> {
    const reply = await this.call('GET', '/metrics');
    if (reply.kind !== 'ok' || typeof reply.body !== 'string') return undefined;
    let total: number | undefined;
    for (const line of reply.body.split('\n')) {
      const match = /^(\S+?)\s+(\S+)$/.exec(line.trim());
      if (match === null || line.startsWith('#') || !(match[1] ?? '').endsWith(suffix)) continue;
      total = (total ?? 0) + Number(match[2]);
    }
    return total;
  }

  put(tenant: string, key: string, value: string): Promise<Reply> {
    return this.call('PUT', `/kv/${encodeURIComponent(key)}`, tenant, { value });
  }

  /** The value, null for a 404, or the reply when the read itself failed. */
  async get(tenant: string, key: string): Promise<{ value: string | null } | { failed: Reply }> {
    const reply = await this.call('GET', `/kv/${encodeURIComponent(key)}`, tenant);
    if (reply.kind === 'refused' && reply.status === 404) return { value: null };
    const value = reply.kind === 'ok' ? field(reply.body, 'value') : undefined;
    return typeof value === 'string' ? { value } : { failed: reply };
  }
}
