import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceService, type RunningReferenceService } from '../../fixtures/reference-service/index.js';
import { startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';

let redis: RunningRedis;
let service: RunningReferenceService;

beforeAll(async () => {
  redis = await startLocalRedisServer();
  service = await startReferenceService({ redisUrl: redis.url, namespace: 'isogate:mounted' });
});
afterAll(async () => {
  await service?.close();
  await redis?.stop();
});

async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${service.url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the scenario features mounted in the reference service', () => {
  it('serves workspace jobs to their workspace only', async () => {
    const created = await call('POST', '/ai/jobs', 'tok-acme', { request_id: 'r1', payload: 'p' });
    expect(created.status).toBe(201);
    const id = String(created.body['jobId']);
    expect((await call('GET', `/ai/jobs/${id}`, 'tok-acme')).status).toBe(200);
    expect((await call('GET', `/ai/jobs/${id}`, 'tok-globex')).status).toBe(404);
  });

  it('denies a gateway request whose tenant header names another tenant', async () => {
    expect((await call('PUT', '/gw/note', 'tok-acme', 'note')).status).toBe(200);
    expect((await call('GET', '/gw/note', 'tok-acme', undefined, { 'X-StellaOps-Tenant': 'globex' })).status).toBe(403);
  });

  it('answers retrieval from the tenant\'s own documents', async () => {
    expect((await call('POST', '/rag/docs', 'tok-acme', { id: 'd1', text: 'acme quarterly forecast' })).status).toBe(201);
    const found = await call('GET', '/rag/search?q=quarterly%20forecast', 'tok-globex');
    expect(found.status).toBe(200);
    expect(found.body['results']).toEqual([]);
  });
});
