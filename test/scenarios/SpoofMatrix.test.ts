import { describe, expect, it } from 'vitest';
import { CUTOFF, expectedOutcome, requestHeaders, spoofCases, type SpoofCase } from '../../src/scenarios/header/SpoofMatrix.js';
import { seededRandom } from '../../src/random/index.js';

const before = new Date(CUTOFF.getTime() - 1);
const c = (token: SpoofCase['token'], headers: SpoofCase['headers']): SpoofCase => ({ id: 0, token, headers });

describe('spoof matrix oracle', () => {
  it('covers every header name, name case and value alone, and pairs, for every token kind', () => {
    const cases = spoofCases(seededRandom(1));
    const singles = cases.filter((x) => x.token === 'tenant-a' && x.headers.length === 1);
    expect(singles).toHaveLength(3 * 3 * 5);
    expect(new Set(cases.map((x) => x.token)).size).toBe(6);
  });

  it('accepts an alias naming the token tenant in compatibility mode only before the cutoff', () => {
    const alias = c('tenant-a', [{ name: 'X-Tenant-Id', nameCase: 'lower', value: 'self' }]);
    expect(expectedOutcome(alias, 'compat', before)).toEqual({ status: 200, tenant: 'acme' });
    expect(expectedOutcome(alias, 'compat', CUTOFF)).toMatchObject({ status: 400 });
    expect(expectedOutcome(alias, 'strict', before)).toMatchObject({ status: 400 });
  });

  it('denies a mismatch, an ambiguous token and a missing token, and serves a multi-tenant token as its selected tenant', () => {
    expect(expectedOutcome(c('tenant-a', [{ name: 'X-StellaOps-Tenant', nameCase: 'upper', value: 'list' }]), 'compat', before)).toMatchObject({ status: 403, reason: 'mismatch' });
    expect(expectedOutcome(c('ambiguous', []), 'compat', before)).toMatchObject({ status: 403, reason: 'ambiguous' });
    expect(expectedOutcome(c('none', [{ name: 'X-StellaOps-Tenant', nameCase: 'as-documented', value: 'self' }]), 'strict', before)).toMatchObject({ status: 401 });
    expect(expectedOutcome(c('multi-selected', []), 'strict', CUTOFF)).toEqual({ status: 200, tenant: 'globex' });
  });

  it('writes header names in the case the case asks for', () => {
    expect(Object.keys(requestHeaders(c('none', [{ name: 'X-Stella-Tenant', nameCase: 'upper', value: 'other' }])))).toEqual(['X-STELLA-TENANT']);
  });
});
