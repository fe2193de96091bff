import { describe, expect, it } from 'vitest';
import { loadConfigSchema } from '../../src/load/LoadConfig.js';
import { buildRequestMix, rotate, warmupWrites } from '../../src/load/RequestMix.js';

const config = loadConfigSchema.parse({ mix: { readRatio: 0.9, keysPerTenant: 5 }, tenants: [{ id: 'acme' }, { id: 'globex', headers: { 'x-api-key': 'k-globex' } }] });

describe('request mix', () => {
  it('sends each tenant\'s own credentials, reads and writes in the configured ratio, from a seed', () => {
    const mix = buildRequestMix(config.mix, config.tenants, 9, 2000);
    const reads = mix.filter((r) => r.kind === 'read').length;
    expect(reads / mix.length).toBeGreaterThan(0.87);
    expect(reads / mix.length).toBeLessThan(0.93);
    for (const r of mix) {
      if (r.tenant === 'acme') expect(r.headers).toMatchObject({ authorization: 'Bearer tok-acme' });
      else expect(r.headers).toMatchObject({ 'x-api-key': 'k-globex' });
      if (r.kind === 'write') expect(JSON.parse(r.body ?? '')).toHaveProperty('value');
    }
    expect(new Set(mix.map((r) => r.tenant))).toEqual(new Set(['acme', 'globex']));
    expect(buildRequestMix(config.mix, config.tenants, 9, 50)).toEqual(mix.slice(0, 50));
  });

  it('warms up by writing every key of every tenant', () => {
    const warm = warmupWrites(config.mix, config.tenants);
    expect(warm).toHaveLength(10);
    expect(new Set(warm.map((r) => `${r.tenant} ${r.path}`)).size).toBe(10);
    expect(warm.every((r) => r.method === 'PUT')).toBe(true);
  });

  it('rotate keeps every item', () => {
    expect(rotate([1, 2, 3, 4], 1)).toEqual([2, 3, 4, 1]);
    expect(rotate([1, 2, 3], -1)).toEqual([3, 1, 2]);
    expect(rotate([], 3)).toEqual([]);
  });
});
