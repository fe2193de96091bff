// The rehearsal driver's client: what it sends is what a service receives, answers come back whole,
// a stalled service fails the request instead of holding it, and close() leaves no connection open.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, TrafficClient } from '../../src/production/index.js';

let server: Server;
let url: string;
const seen: { method?: string; url?: string; tenant?: string | string[]; body: string }[] = [];

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      seen.push({ method: req.method, url: req.url, tenant: req.headers['x-tenant-id'], body });
      if (req.url === '/stall') return; // never answers
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echo: body, path: req.url }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const connections = (): Promise<number> => new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

describe('TrafficClient', () => {
  it('sends the method, headers and body asked for, and returns the status and the whole body', async () => {
    const client = new TrafficClient();
    const body = JSON.stringify({ value: 'é'.repeat(3000) }); // multi-byte and longer than one chunk
    const res = await client.send(`${url}/items?x=1`, { method: 'POST', headers: { 'x-tenant-id': 'acme', 'content-type': 'application/json' }, body });
    const get = await client.send(`${url}/kv/k1`, { headers: {} });
    client.close();
    expect(res.status).toBe(201);
    expect(parseJson(res.body)).toEqual({ echo: body, path: '/items?x=1' });
    expect(get.status).toBe(200);
    expect(seen.find((s) => s.url === '/items?x=1')).toEqual({ method: 'POST', url: '/items?x=1', tenant: 'acme', body });
    expect(seen.find((s) => s.url === '/kv/k1')?.method).toBe('GET');
  });

  it('reuses its connections, and close() ends every one of them', async () => {
    const client = new TrafficClient();
    for (let i = 0; i < 5; i++) await client.send(`${url}/kv/k${i}`, { headers: {} });
    expect(await connections()).toBe(1);
    client.close();
    await expect.poll(connections, { timeout: 10_000 }).toBe(0); // hang guard only
  });

  it('fails a request the service never answers, with the host and the wait in the message', async () => {
    const client = new TrafficClient({ timeoutMs: 200 });
    await expect(client.send(`${url}/stall`, { headers: {} })).rejects.toThrow(/no answer from 127\.0\.0\.1:\d+ in 200 ms/);
    client.close();
  });

  it('reads a body that is not JSON as an empty object', () => {
    expect(parseJson('<html>502</html>')).toEqual({});
    expect(parseJson('{"id":"a"}')).toEqual({ id: 'a' });
  });
});
