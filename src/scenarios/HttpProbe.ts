import { Agent, request } from 'node:http';

export interface ProbeResponse {
  status: number;
  body: string;
  ms: number;
}

/**
 * Plain node:http with a keep-alive agent: unlike fetch it sends header names exactly as
 * written (the spoof matrix varies their case) and it reports network errors as status 0.
 */
export class HttpProbe {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  async send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<ProbeResponse> {
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, agent: this.agent, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight, keeping order of results. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
