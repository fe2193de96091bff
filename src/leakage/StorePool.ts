import type { StoreEnv, TenantStore } from '../targets/index.js';

export interface PooledStore {
  readonly store: TenantStore;
  readonly namespace: string;
}

type Opening = { namespace: string; ready: Promise<TenantStore> };

async function closeQuietly(store: TenantStore, timeoutMs: number): Promise<void> {
  await Promise.race([store.close().catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}

/**
 * Every run still gets a fresh store in a fresh namespace (no state carries over between runs),
 * but opening a store is mostly waiting on Redis round trips (connect, handshake, loading flags:
 * ~9 ms for the reference service, of which 8 opened together take ~50 ms). So the pool opens
 * the next few runs' stores ahead, concurrently, while the current run executes.
 */
export class StorePool {
  private readonly ahead: Opening[] = [];
  private next = 0;
  private closed = false;

  constructor(
    private readonly open: (env: StoreEnv) => Promise<TenantStore>,
    private readonly redisUrl: string,
    private readonly namespaceOf: (n: number) => string,
    private readonly depth: number,
  ) {}

  private start(): Opening {
    const namespace = this.namespaceOf(++this.next);
    const ready = this.open({ redisUrl: this.redisUrl, namespace });
    // A failed open surfaces when the run takes it; never as an unhandled rejection meanwhile.
    ready.catch(() => undefined);
    return { namespace, ready };
  }

  private refill(): void {
    while (!this.closed && this.ahead.length < this.depth) this.ahead.push(this.start());
  }

  /** The next fresh store; the pool starts opening its replacement at once. */
  async take(): Promise<PooledStore> {
    const opening = this.ahead.shift() ?? this.start();
    this.refill();
    return { store: await opening.ready, namespace: opening.namespace };
  }

  /**
   * Resolves once every store opened ahead has finished opening. A fault waits for this first, so
   * that those stores count among the clients it waits to see reconnected: no store starts its
   * run half-connected, or with an open interrupted by the fault.
   */
  async settled(): Promise<void> {
    await Promise.all(this.ahead.map((o) => o.ready.catch(() => undefined)));
  }

  async close(): Promise<void> {
    this.closed = true;
    const left = this.ahead.splice(0);
    await Promise.all(left.map(async (o) => {
      const store = await o.ready.catch(() => undefined);
      if (store !== undefined) await closeQuietly(store, 2_000);
    }));
  }
}
