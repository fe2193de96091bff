import { describe, expect, it } from 'vitest';
import { cohortTenants } from '../../fixtures/reference-service/index.js';
import { exposureWeights, loadConfigSchema, loadPopulation, MAX_LOAD_TENANTS, MIN_EXPECTED_MEMBERS } from '../../src/load/index.js';
import { buildRequestMix } from '../../src/load/RequestMix.js';

const demo = loadConfigSchema.parse({}).tenants;

describe('the tenants a cohort stage\'s load sends as', () => {
  it('draws tenants until the cohort is expected to hold MIN_EXPECTED_MEMBERS of them, capped', () => {
    expect(loadPopulation(demo, { kind: 'cohort', percent: 10 })).toHaveLength(Math.ceil(MIN_EXPECTED_MEMBERS / 0.1));
    expect(loadPopulation(demo, { kind: 'cohort', percent: 50 })).toHaveLength(10);
    expect(loadPopulation(demo, { kind: 'cohort', percent: 0.1 })).toHaveLength(MAX_LOAD_TENANTS);
    // The configured tenants come first, unchanged; other exposures keep exactly them.
    expect(loadPopulation(demo, { kind: 'cohort', percent: 10 }).slice(0, 4)).toEqual(demo);
    for (const e of [{ kind: 'off' }, { kind: 'all' }, { kind: 'allow-list', count: 1 }, { kind: 'cohort', percent: 100 }] as const) expect(loadPopulation(demo, e)).toEqual(demo);
    // Credentials of their own form cannot be invented for drawn tenants.
    const own = demo.map((t) => ({ ...t, headers: { authorization: `Basic ${t.id}` } }));
    expect(loadPopulation(own, { kind: 'cohort', percent: 10 })).toEqual(own);
  });

  it('the reference hash puts none of the four demo tenants in a 10% cohort, but some of the drawn 50', () => {
    expect(cohortTenants(10, demo.map((t) => t.id))).toEqual([]);
    const drawn = cohortTenants(10, loadPopulation(demo, { kind: 'cohort', percent: 10 }).map((t) => t.id));
    expect(drawn.length).toBeGreaterThan(0);
  });

  it('weights the exposed tenants to the cohort\'s share of requests, both groups present', () => {
    const tenants = loadPopulation(demo, { kind: 'cohort', percent: 10 });
    const exposed = new Set(cohortTenants(10, tenants.map((t) => t.id)));
    const weights = exposureWeights(tenants, exposed, 0.1) as number[];
    const share = tenants.reduce((a, t, i) => a + (exposed.has(t.id) ? (weights[i] as number) : 0), 0) / weights.reduce((a, b) => a + b, 0);
    expect(share).toBeCloseTo(0.1, 10);
    const mix = buildRequestMix(loadConfigSchema.parse({}).mix, tenants, 5, 20_000, weights);
    const drawnShare = mix.filter((r) => exposed.has(r.tenant)).length / mix.length;
    expect(Math.abs(drawnShare - 0.1)).toBeLessThan(0.02);
    expect(exposureWeights(tenants, new Set(), 0.1)).toBeUndefined();
    expect(exposureWeights(tenants, new Set(tenants.map((t) => t.id)), 0.1)).toBeUndefined();
  });
});
