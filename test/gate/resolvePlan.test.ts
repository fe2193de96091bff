import { describe, expect, it } from 'vitest';
import { isIsogateError } from '../../src/errors/index.js';
import { findStage, gateConfigSchema, PRESETS, resolvePlan, type StagePlan } from '../../src/gate/index.js';

const custom: StagePlan = {
  id: 'ours', title: 'Our rollout', document: 'docs/our-rollout.md',
  stages: [{
    id: 'beta', title: 'Beta', summary: '1%', source: { document: 'docs/our-rollout.md', section: 'Beta' },
    runs: [{ id: 'leak', argv: ['leak', '--runs', '50'], produces: ['leakage'] }],
    criteria: [{ id: 'beta.no-leaks', check: 'leakage', metric: 'leaks', op: '==', value: 0, text: 'no leaks', source: { document: 'docs/our-rollout.md', section: 'Beta' } }],
    manual: [],
  }],
};

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isIsogateError(error)) return `${error.code} ${error.message} (exit ${error.exitCode})`;
    throw error;
  }
  throw new Error('expected an error');
}

describe('gate config', () => {
  it('defaults to the tenant-scoped-state preset with no overrides', () => {
    const gate = gateConfigSchema.parse({});
    expect(gate).toEqual({ plan: 'tenant-scoped-state', overrides: {}, checkTimeoutSeconds: 900 });
    expect(resolvePlan(gate)).toEqual(PRESETS['tenant-scoped-state']);
  });

  it('picks a preset by name, and --plan beats the config', () => {
    const gate = gateConfigSchema.parse({ plan: 'keyspace-migration' });
    expect(resolvePlan(gate).id).toBe('keyspace-migration');
    expect(resolvePlan(gate, 'tenant-header').id).toBe('tenant-header');
  });

  it('overrides a threshold, or a threshold and its sample minimum, by criterion id', () => {
    const gate = gateConfigSchema.parse({ overrides: { 'pilot.redis-p95': 8, 'pilot.no-leaks': { minSamples: 50 } } });
    const plan = resolvePlan(gate);
    const pilot = findStage(plan, 'pilot').stage;
    expect(pilot.criteria.find((c) => c.id === 'pilot.redis-p95')).toMatchObject({ value: 8, overriddenFrom: { value: 5, minSamples: 1000 } });
    expect(pilot.criteria.find((c) => c.id === 'pilot.no-leaks')?.minSamples).toEqual({ metric: 'crossTenantObservations', value: 50 });
    expect(PRESETS['tenant-scoped-state'].stages[1]?.criteria.find((c) => c.id === 'pilot.redis-p95')?.value).toBe(5);
  });

  it('refuses an override naming no criterion of the plan (a typo would silently keep the preset)', () => {
    const gate = gateConfigSchema.parse({ overrides: { 'pilot.redis-p59': 8 } });
    expect(configError(() => resolvePlan(gate))).toMatch(/^ISOGATE_CONFIG_INVALID gate.overrides: no criterion "pilot.redis-p59" in plan tenant-scoped-state \(exit 3\)$/);
  });

  it('accepts a custom plan and selects it', () => {
    const gate = gateConfigSchema.parse({ plan: custom });
    expect(resolvePlan(gate).stages[0]?.runs[0]?.argv).toEqual(['leak', '--runs', '50']);
    expect(resolvePlan(gate, 'ours').id).toBe('ours');
    expect(configError(() => resolvePlan(gate, 'nope'))).toContain('ISOGATE_USAGE expected --plan to be one of tenant-scoped-state');
  });

  it('reports a custom plan with an unknown metric, an unproduced check or an unknown key by path', () => {
    const issues = (raw: unknown): string[] => {
      const r = gateConfigSchema.safeParse(raw);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const bad = { ...custom, stages: [{ ...custom.stages[0], criteria: [{ ...custom.stages[0]?.criteria[0], metric: 'leakz' }] }] };
    expect(issues({ plan: bad })).toContain('plan.stages.0.criteria.0.metric: leakage has no metric "leakz"');
    const noRun = { ...custom, stages: [{ ...custom.stages[0], runs: [] }] };
    expect(issues({ plan: noRun })).toContain('plan.stages.0.criteria.0.check: no run of this stage produces leakage');
    expect(issues({ plan: 'tenant-scopedstate' }).join('\n')).toMatch(/^plan: /);
    expect(issues({ plna: 'x' }).join('\n')).toContain('plna');
    expect(issues({ overrides: { 'pilot.redis-p95': 'five' } }).join('\n')).toMatch(/^overrides.pilot.redis-p95: /);
  });

  it('names the plan\'s stages when --stage is not one of them', () => {
    expect(configError(() => findStage(PRESETS['request-isolation'], 'pilot'))).toContain('(deploy-off, internal, canary, staged, full), found "pilot"');
    expect(findStage(PRESETS['request-isolation'], 'canary').previous?.id).toBe('internal');
    expect(findStage(PRESETS['request-isolation'], 'deploy-off').previous).toBeUndefined();
  });
});
