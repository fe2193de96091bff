import type { Reply, ServiceClient } from './ServiceClient.js';

/** A write the service acknowledged (2xx), with the drill phase it was sent in. */
/** `instance`: the index of the instance that acknowledged it (a tenant on the flag-off path keeps its state in that process). */
export interface AckedWrite { tenant: string; key: string; value: string; phase: string; instance: number }

export interface Tally { requests: number; ok: number; refused: number; failed: number; transport: number }

const emptyTally = (): Tally => ({ requests: 0, ok: 0, refused: 0, failed: 0, transport: 0 });

/** Canary values name their tenant, so a value read by anyone else is recognisably crossed. */
export const canaryValue = (tenant: string, tag: string, n: number): string => `cn.${tenant}.${tag}.${n}`;
export const canaryOwner = (value: string): string | undefined => (value.startsWith('cn.') ? value.split('.')[1] : undefined);

/**
 * Live multi-tenant traffic: `concurrency` workers, each writing a fresh canary key as one tenant
 * through one instance and reading it straight back, rotating tenants and instances. Every reply
 * is tallied under the phase the drill is in; acknowledged writes are kept for read-back.
 */
export class TenantTraffic {
  phase = 'start';
  readonly acked: AckedWrite[] = [];
  readonly crossed: Array<{ tenant: string; key: string; saw: string }> = [];
  readonly failures: string[] = [];
  private readonly tallies = new Map<string, Tally>();
  private running = false;
  private workers: Array<Promise<void>> = [];
  private next = 0;

  constructor(
    private readonly clients: readonly ServiceClient[],
    private readonly tenants: readonly string[],
    private readonly concurrency: number,
    private readonly tag: string,
    private readonly paceMs = 5,
  ) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.concurrency }, () => this.work());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  tally(phase?: string): Tally {
    const list = phase === undefined ? [...this.tallies.values()] : [this.tallies.get(phase) ?? emptyTally()];
    return list.reduce((sum, t) => ({
      requests: sum.requests + t.requests, ok: sum.ok + t.ok, refused: sum.refused + t.refused,
      failed: sum.failed + t.failed, transport: sum.transport + t.transport,
    }), emptyTally());
  }

  byPhase(): Record<string, Tally> {
    return Object.fromEntries(this.tallies);
  }

  private record(phase: string, what: string, reply: Reply): void {
    const t = this.tallies.get(phase) ?? emptyTally();
    t.requests++;
    t[reply.kind === 'ok' ? 'ok' : reply.kind]++;
    this.tallies.set(phase, t);
    if ((reply.kind === 'failed' || reply.kind === 'transport') && this.failures.length < 10) {
      this.failures.push(`${phase}: ${what} → ${reply.kind === 'transport' ? reply.error : `${reply.status} ${JSON.stringify(reply.body)}`}`);
    }
  }

  private async work(): Promise<void> {
    while (this.running) {
      const n = this.next++;
      const tenant = this.tenants[n % this.tenants.length] ?? '';
      const instance = Math.floor(n / this.tenants.length) % this.clients.length;
      const client = this.clients[instance];
      if (client === undefined) return;
      const phase = this.phase;
      const key = `d${n}`;
      const value = canaryValue(tenant, this.tag, n);
      const put = await client.put(tenant, key, value);
      this.record(phase, `PUT /kv/${key} as ${tenant}`, put);
      if (put.kind === 'ok') this.acked.push({ tenant, key, value, phase, instance });
      const got = await client.get(tenant, key);
      this.record(phase, `GET /kv/${key} as ${tenant}`, 'failed' in got ? got.failed : { kind: 'ok', status: 200, body: got });
      if ('value' in got && got.value !== null && got.value !== value && canaryOwner(got.value) !== tenant) {
        this.crossed.push({ tenant, key, saw: got.value });
      }
      await new Promise((r) => setTimeout(r, this.paceMs));
    }
  }
}
