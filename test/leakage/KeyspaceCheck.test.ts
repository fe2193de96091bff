import { describe, expect, it } from 'vitest';
import { findTokens, keyToken, valueToken } from '../../src/leakage/CanaryToken.js';
import { globMatcher, keyspaceMatcher } from '../../src/leakage/KeyspaceCheck.js';

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
});
