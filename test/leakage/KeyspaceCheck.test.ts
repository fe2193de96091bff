import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTokens, keyToken, valueToken } from '../../src/leakage/CanaryToken.js';
import { checkKeyspace, globMatcher, keyspaceMatcher } from '../../src/leakage/KeyspaceCheck.js';
import { startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';

describe('keyspace patterns and canary tokens', () => {
  it('fills {ns} and {tenant} literally, so a glob character in a tenant id widens nothing', () => {
    const re = keyspaceMatcher('{ns}:t:{tenant}:*', 'isogate:1', 'a*');
    expect(re.test('isogate:1:t:a*:kv:x')).toBe(true);
    expect(re.test('isogate:1:t:ab:kv:x')).toBe(false);
  });
  it('reads a Redis glob with escapes', () => {
    expect(globMatcher('ns:t:a\\*:*').test('ns:t:a*:x')).toBe(true);
    expect(globMatcher('ns:t:a\\*:*').test('ns:t:ab:x')).toBe(false);
  });
  it('finds every token with its run and tenant, in any text', () => {
    const text = `["k${keyToken(3, 1)}", "x${valueToken(3, 2, 17)}"]`;
    expect(findTokens(text).map((t) => [t.run, t.tenant])).toEqual([[3, 1], [3, 2]]);
  });
  it('reads a value token whole, so a finding can tell a value from a key name', () => {
    expect(findTokens(`a${valueToken(4, 0, 12)}b`).map((t) => t.text)).toEqual([valueToken(4, 0, 12)]);
    expect(findTokens(keyToken(4, 1)).map((t) => t.text)).toEqual([keyToken(4, 1)]);
  });
});

describe('keys outside the engine root', () => {
  let redis: RunningRedis;
  let admin: Redis;
  beforeAll(async () => {
    redis = await startLocalRedisServer();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });

  it('reports a key the target wrote outside the root, token or not, and lets the run remove it', async () => {
    await admin.sadd('tenants:all', '"alpha"');
    await admin.set('isogate:root:r1:x', valueToken(1, 0, 1));
    await admin.set('isogate:root:r2:y', 'a store opened ahead for the next run');
    const input = { redis: admin, namespace: 'isogate:root:r1', run: 1, tenants: ['alpha'], keyspace: undefined };
    const withRoot = await checkKeyspace({ ...input, root: 'isogate:root' });
    expect(withRoot.violations.map((v) => [v.key, v.class])).toEqual([['tenants:all', 'outside-namespace']]);
    expect(withRoot.runKeys).toContain('tenants:all');
    const withoutRoot = await checkKeyspace(input);
    expect(withoutRoot.violations).toEqual([]);
    await admin.flushdb();
  });

  it('passes over the flag keys the engine itself wrote outside the root, and nothing else', async () => {
    await admin.set('flags:TENANT_SCOPED_STATE', 'on');
    await admin.set('flags:other', 'on');
    const report = await checkKeyspace({
      redis: admin, namespace: 'isogate:root:r1', run: 1, tenants: ['alpha'], keyspace: undefined,
      root: 'isogate:root', exempt: new Set(['flags:TENANT_SCOPED_STATE']),
    });
    expect(report.violations.map((v) => v.key)).toEqual(['flags:other']);
    await admin.flushdb();
  });
});
