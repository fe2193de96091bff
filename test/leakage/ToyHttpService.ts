import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { StoreEnv } from '../../src/targets/index.js';
import type { StartedService } from '../../src/leakage/index.js';

/**
 * A small notes service of our own over real Redis, for the HTTP engine: bearer `tok-<tenant>`,
 * PUT/GET/DELETE /notes/:id and GET /notes, each tenant's notes under the namespace it is given.
 * Seeded bug `registry`: every write also adds the tenant to a set named `tenants:all` at the root
 * of the database (outside the namespace), the way a service keeps a directory of its tenants.
 * DELETE /notes clears the caller's notes; seeded bug `clear-all`: every tenant's.
 */
export type ToyHttpBug = 'none' | 'registry' | 'clear-all';

const hex = (s: string): string => Buffer.from(s, 'utf16le').toString('hex');
const unhex = (h: string): string => Buffer.from(h, 'hex').toString('utf16le');

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startToyHttpService(env: StoreEnv, bug: ToyHttpBug): Promise<StartedService> {
  const redis = new Redis(env.redisUrl);
  redis.on('error', () => undefined);
  const prefix = (tenant: string): string => `${env.namespace}:notes:${hex(tenant)}:`;
  const send = (res: ServerResponse, code: number, body?: unknown): void => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const tenant = /^Bearer tok-(.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (tenant === undefined) return send(res, 401, { error: 'no bearer token' });
    const url = new URL(req.url ?? '/', 'http://toy');
    const id = /^\/notes\/(.+)$/.exec(url.pathname)?.[1];
    if (url.pathname === '/notes' && req.method === 'GET') {
      const names: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix(tenant)}*`, 'COUNT', 200);
        cursor = next;
        names.push(...batch);
      } while (cursor !== '0');
      const unique = [...new Set(names)];
      const values = unique.length === 0 ? [] : await redis.mget(...unique);
      return send(res, 200, unique.flatMap((n, i) => (values[i] == null ? [] : [{ id: unhex(n.slice(prefix(tenant).length)), value: values[i] }])));
    }
    if (url.pathname === '/notes' && req.method === 'DELETE') {
      const names: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', bug === 'clear-all' ? `${env.namespace}:notes:*` : `${prefix(tenant)}*`, 'COUNT', 200);
        cursor = next;
        names.push(...batch);
      } while (cursor !== '0');
      if (names.length > 0) await redis.del(...new Set(names));
      return send(res, 204);
    }
    if (id === undefined) return send(res, 404, { error: 'no such route' });
    const name = prefix(tenant) + hex(decodeURIComponent(id));
    if (req.method === 'PUT') {
      const { value } = JSON.parse(await bodyOf(req)) as { value: string };
      await redis.set(name, value);
      if (bug === 'registry') await redis.sadd('tenants:all', tenant);
      return send(res, 200, { id: decodeURIComponent(id) });
    }
    if (req.method === 'GET') {
      const value = await redis.get(name);
      return value === null ? send(res, 404, { error: 'not found' }) : send(res, 200, { id: decodeURIComponent(id), value });
    }
    if (req.method === 'DELETE') {
      await redis.del(name);
      return send(res, 204);
    }
    return send(res, 405, { error: 'method not allowed' });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 503, { error: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
