import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackKvOptions {
  port?: number;
  /** CPU time spun on every request, µs: a stand-in slow path that adds a known service time. */
  spinUs?: number;
}

export interface LoopbackKvService { url: string; port: number; setSpinUs(us: number): void; close(): Promise<void> }

function spin(us: number): void {
  if (us <= 0) return;
  const until = process.hrtime.bigint() + BigInt(Math.round(us * 1000));
  while (process.hrtime.bigint() < until) { /* spin: a real slow path costs CPU, not a timer */ }
}

/**
 * A trivial multi-tenant key/value service on 127.0.0.1 (the same HTTP shape as the reference
 * service's /kv/:key), for measuring the load driver itself and as a stand-in target.
 */
export async function startLoopbackKvService(options: LoopbackKvOptions = {}): Promise<LoopbackKvService> {
  const data = new Map<string, string>();
  let spinUs = options.spinUs ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      spin(spinUs);
      const url = req.url ?? '/';
      if (url === '/health') { res.writeHead(200).end('ok'); return; }
      const auth = /^Bearer tok-([a-z0-9]+)$/.exec(req.headers.authorization ?? '');
      const m = /^\/kv\/([A-Za-z0-9_-]+)$/.exec(url);
      if (auth === null) { res.writeHead(401).end(); return; }
      if (m === null) { res.writeHead(404).end(); return; }
      const key = `${auth[1]}:${m[1]}`;
      if (req.method === 'PUT') { data.set(key, Buffer.concat(chunks).toString()); res.writeHead(204).end(); return; }
      const value = data.get(key);
      if (value === undefined) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'application/json' }).end(value);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, port,
    setSpinUs: (us) => { spinUs = us; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
