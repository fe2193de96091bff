import { describe, expect, it } from 'vitest';
import { isMetricOf } from '../../src/evidence/index.js';
import { DOCUMENTS, PRESETS, PRESET_NAMES, stagePlanSchema, type Criterion, type StagePlan } from '../../src/gate/index.js';

const stageIds = (plan: StagePlan): string[] => plan.stages.map((s) => s.id);
const criterion = (plan: StagePlan, id: string): Criterion => {
  const found = plan.stages.flatMap((s) => s.criteria).find((c) => c.id === id);
  if (found === undefined) throw new Error(`no criterion ${id} in ${plan.id}`);
  return found;
};

describe('presets: stage names from the rollout documents', () => {
  it('has the five plans with their documents\' stages, in order', () => {
    expect([...PRESET_NAMES]).toEqual(['tenant-scoped-state', 'request-isolation', 'tenant-header', 'keyspace-migration', 'tenant-filtered-retrieval']);
    expect(stageIds(PRESETS['tenant-scoped-state'])).toEqual(['pre-rollout', 'pilot', 'early-adopters', 'gradual-25', 'gradual-50', 'gradual-75', 'full']);
    expect(stageIds(PRESETS['request-isolation'])).toEqual(['deploy-off', 'internal', 'canary', 'staged', 'full']);
    expect(stageIds(PRESETS['tenant-header'])).toEqual(['phase-0', 'phase-1', 'phase-2', 'phase-3', 'phase-4']);
    expect(stageIds(PRESETS['keyspace-migration'])).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5', 'step-6']);
    expect(stageIds(PRESETS['tenant-filtered-retrieval'])).toEqual(['phase-0', 'phase-1', 'phase-2', 'phase-3', 'phase-4']);
  });

  it('carries the tenant-header compatibility window dates and strict mode\'s earliest start', () => {
    const windows = PRESETS['tenant-header'].stages.map((s) => [s.id, s.window, s.notBefore]);
    expect(windows).toEqual([
      ['phase-0', { from: '2026-02-22', to: '2026-02-28' }, undefined],
      ['phase-1', { from: '2026-03-01', to: '2026-03-07' }, undefined],
      ['phase-2', { from: '2026-03-08', to: '2026-03-17' }, undefined],
      ['phase-3', { from: '2026-03-18', to: '2026-03-24' }, undefined],
      ['phase-4', { from: '2026-04-01' }, '2026-04-01'],
    ]);
  });
});

describe('presets: thresholds from the documents', () => {
  const tss = PRESETS['tenant-scoped-state'];
  const ri = PRESETS['request-isolation'];
  const tfr = PRESETS['tenant-filtered-retrieval'];
  const cases: Array<[StagePlan, string, string, Criterion['op'], number]> = [
    [tss, 'pre-rollout.redis-p95', 'p95Ms', '<', 5],
    [tss, 'pre-rollout.flag-propagation', 'maxMs', '<', 30_000],
    [tss, 'pre-rollout.rollback-time', 'durationMs', '<', 300_000],
    [tss, 'pre-rollout.failover-time', 'failoverMs', '<', 30_000],
    [tss, 'pre-rollout.audit-clean', 'violations', '==', 0],
    [tss, 'pilot.redis-p95', 'p95Ms', '<', 5],
    [tss, 'pilot.redis-p99', 'p99Ms', '<', 10],
    [tss, 'pilot.api-p95-increase', 'p95Ratio', '<', 1.1],
    [tss, 'early-adopters.error-rate-increase', 'errorRateDelta', '<', 0.001],
    [tss, 'gradual-50.production-error-differential', 'errorRateDelta', '<=', 0.0001],
    [tss, 'full.error-rate-increase', 'errorRateDelta', '<', 0.0001],
    [ri, 'internal.isolation-score', 'isolationScore', '>=', 100],
    [ri, 'internal.error-rate', 'errorRateCandidate', '<', 0.001],
    [ri, 'internal.p95-increase', 'p95Ratio', '<=', 1.05],
    [ri, 'canary.isolation-score', 'isolationScore', '>=', 99.5],
    [ri, 'canary.error-rate-differential', 'errorRateDelta', '<=', 0.01],
    [ri, 'canary.p95-increase', 'p95Ratio', '<=', 1.1],
    [ri, 'full.p95-increase', 'p95Ratio', '<=', 1.05],
    [tfr, 'phase-1.avg-latency', 'avgMs', '<', 2000],
    [tfr, 'phase-1.p95-latency', 'p95Ms', '<', 3000],
    [tfr, 'phase-2.error-rate', 'errorRate', '<', 0.01],
  ];
  it.each(cases)('%#: %s %s', (plan, id, metric, op, value) => {
    expect(criterion(plan, id)).toMatchObject({ metric, op, value });
  });

  it('judges a gradual stage\'s error budget once, on production traffic, not again on the staged load check', () => {
    for (const id of ['gradual-25', 'gradual-50', 'gradual-75']) {
      const s = tss.stages.find((x) => x.id === id);
      const errorBudgets = s?.criteria.filter((c) => c.metric === 'errorRateDelta').map((c) => c.check);
      expect(errorBudgets, id).toEqual(['production']);
    }
  });
});

describe('presets: well-formed', () => {
  for (const plan of Object.values(PRESETS)) {
    it(`${plan.id}: every criterion cites its document, uses catalogue names, is produced by a run of its stage, needs samples`, () => {
      expect(DOCUMENTS).toContain(plan.document);
      const ids = plan.stages.flatMap((s) => [...s.criteria.map((c) => c.id), ...s.manual.map((m) => m.id)]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const s of plan.stages) {
        expect(s.criteria.length, s.id).toBeGreaterThan(0);
        expect(s.source.document).toBe(plan.document);
        const produced = new Set(s.runs.flatMap((r) => r.produces));
        for (const c of s.criteria) {
          expect(c.source.document, c.id).toBe(plan.document);
          expect(c.source.section.length, c.id).toBeGreaterThan(0);
          expect(c.id.startsWith(`${s.id}.`), c.id).toBe(true);
          expect(isMetricOf(c.check, c.metric), `${c.id}: ${c.metric}`).toBe(true);
          expect(produced.has(c.check), c.id).toBe(true);
          expect(c.minSamples, `${c.id} could pass on no data`).toBeDefined();
          if (c.minSamples !== undefined) expect(isMetricOf(c.check, c.minSamples.metric), `${c.id}: ${c.minSamples.metric}`).toBe(true);
        }
        for (const m of s.manual) expect(m.source.document).toBe(plan.document);
      }
    });
    it(`${plan.id}: is accepted by the custom-plan schema unchanged`, () => {
      expect(stagePlanSchema.parse(plan)).toEqual(plan);
    });
  }

  it('runs each check through the isogate CLI, one run per command', () => {
    const pilot = PRESETS['tenant-scoped-state'].stages[1];
    expect(pilot?.runs).toEqual([
      { id: 'leak', argv: ['leak'], produces: ['leakage'] },
      // The pilot's candidate is the flag on for one tenant, compared with the same build flag off;
      // its P95 limit (+10%, 0.25 ms floor) goes to the load run, which then judges as the gate does.
      { id: 'load', argv: ['load', '--checks', 'load,redis-latency', '--candidate', 'new:allow=1', '--baseline', 'new:off', '--p95', '0.1,0.25'], produces: ['load', 'redis-latency'] },
      // The rollback is drilled from the pilot's own exposure: the per-tenant override it set.
      { id: 'drill-rollback', argv: ['drill', 'rollback', '--candidate', 'new:allow=1'], produces: ['drill:rollback'] },
      { id: 'production', argv: ['production', '--plan', 'tenant-scoped-state', '--stage', 'pilot'], produces: ['production'] },
    ]);
  });

  it('gives each production run its plan, stage and canary percentage', () => {
    const canary = PRESETS['request-isolation'].stages.find((s) => s.id === 'canary');
    expect(canary?.runs.find((r) => r.id === 'production')?.argv).toEqual(['production', '--plan', 'request-isolation', '--stage', 'canary', '--canary-percent', '10']);
    expect(canary?.criteria.filter((c) => c.check === 'production').map((c) => c.metric)).toEqual(['isolationScore', 'errorRateDelta', 'p95Ratio', 'cohortShareExcess']);
  });

  it('lists what no harness can measure as manual items only', () => {
    const pre = PRESETS['tenant-scoped-state'].stages[0];
    expect(pre?.manual.map((m) => m.id)).toEqual(expect.arrayContaining(['pre-rollout.dashboards', 'pre-rollout.communication']));
  });
});

describe('presets: each stage says what its candidate is', () => {
  const arms = (plan: StagePlan): Array<[string, string | undefined, string | undefined]> =>
    plan.stages.filter((s) => s.runs.some((r) => r.argv[0] === 'load' && r.produces.includes('load'))).map((s) => [s.id, s.arms?.candidate, s.arms?.baseline]);

  it('request-isolation: flag off on the new build vs the old one, then internal allow-list, hash cohorts of 10% and 50%, all', () => {
    expect(arms(PRESETS['request-isolation'])).toEqual([
      ['deploy-off', 'new:off', 'previous:off'],
      ['internal', 'new:allow=1', 'new:off'],
      ['canary', 'new:cohort=10', 'new:off'],
      ['staged', 'new:cohort=50', 'new:off'],
      ['full', 'new:all', 'previous:off'],
    ]);
  });

  it('tenant-scoped-state: pilot tenant, early adopters, then all vs the pre-rollout build (the gradual cohorts are compared in production)', () => {
    expect(arms(PRESETS['tenant-scoped-state'])).toEqual([
      ['pilot', 'new:allow=1', 'new:off'],
      ['early-adopters', 'new:allow=5', 'new:off'],
      ['full', 'new:all', 'previous:off'],
    ]);
    const gradual = PRESETS['tenant-scoped-state'].stages.filter((s) => s.id.startsWith('gradual-')).map((s) => [s.id, s.arms?.candidate, s.arms?.baseline]);
    expect(gradual).toEqual([['gradual-25', 'new:cohort=25', 'new:off'], ['gradual-50', 'new:cohort=50', 'new:off'], ['gradual-75', 'new:cohort=75', 'new:off']]);
  });

  it('drills the rollback from the stage\'s own exposure at every stage that names rollback triggers for tenants it turned on', () => {
    const drilled = (plan: StagePlan): Array<[string, string | undefined]> => plan.stages.filter((s) => s.criteria.some((c) => c.check === 'drill:rollback'))
      .map((s) => [s.id, s.runs.find((r) => r.id === 'drill-rollback')?.argv.join(' ')]);
    // Allow-lists, a pilot tenant and hash cohorts set per-tenant overrides: only there can a
    // runbook that leaves them on be seen to fail. deploy-off has the flag off (nothing to roll back).
    expect(drilled(PRESETS['tenant-scoped-state'])).toEqual([
      ['pre-rollout', 'drill rollback --candidate new:all'],
      ['pilot', 'drill rollback --candidate new:allow=1'],
      ['early-adopters', 'drill rollback --candidate new:allow=5'],
      ['gradual-25', 'drill rollback --candidate new:cohort=25'],
      ['gradual-50', 'drill rollback --candidate new:cohort=50'],
      ['gradual-75', 'drill rollback --candidate new:cohort=75'],
    ]);
    expect(drilled(PRESETS['request-isolation'])).toEqual([
      ['internal', 'drill rollback --candidate new:allow=1'],
      ['canary', 'drill rollback --candidate new:cohort=10'],
      ['staged', 'drill rollback --candidate new:cohort=50'],
      ['full', 'drill rollback --candidate new:all'],
    ]);
    // The other plans' flags are not the one the drills flip: no rollback drill there.
    for (const id of ['tenant-header', 'keyspace-migration', 'tenant-filtered-retrieval'] as const) expect(drilled(PRESETS[id]), id).toEqual([]);
    // Each drilled stage: the document's 5 minutes, no unhandled error, and nobody left on the new path.
    for (const plan of [PRESETS['tenant-scoped-state'], PRESETS['request-isolation']]) {
      for (const s of plan.stages.filter((x) => x.criteria.some((c) => c.check === 'drill:rollback'))) {
        expect(s.criteria.filter((c) => c.check === 'drill:rollback').map((c) => [c.id, c.metric, c.op, c.value, c.minSamples?.value]), s.id).toEqual(expect.arrayContaining([
          [`${s.id}.rollback-time`, 'durationMs', '<', 300_000, 50],
          [`${s.id}.rollback-no-errors`, 'unhandledErrors', '==', 0, 50],
          [`${s.id}.rollback-tenants-off`, 'tenantsOnNewPath', '==', 0, 50],
        ]));
      }
    }
  });

  it('every load run carries its stage\'s arms, and every latency criterion\'s limit and floor', () => {
    for (const plan of Object.values(PRESETS)) {
      for (const s of plan.stages) {
        const load = s.runs.find((r) => r.argv[0] === 'load');
        if (load === undefined) continue;
        if (s.arms !== undefined) expect(load.argv.join(' '), s.id).toContain(`--candidate ${s.arms.candidate} --baseline ${s.arms.baseline}`);
        for (const c of s.criteria.filter((x) => x.latency !== undefined)) {
          const flag = c.check === 'noisy-neighbour' ? '--noisy-p95' : c.metric === 'p50Ratio' ? '--p50' : '--p95';
          const value = load.argv[load.argv.indexOf(flag) + 1];
          expect(value, c.id).toBe(`${Number((c.value - 1).toFixed(6))},${c.latency?.floorMs}`);
        }
      }
    }
  });

  it('every load run carries its stage\'s strictest error-rate increase limit, which sizes the run', () => {
    const gradual = PRESETS['tenant-scoped-state'].stages.find((s) => s.id === 'full');
    const load = gradual?.runs.find((r) => r.argv[0] === 'load');
    expect(load?.argv[(load?.argv.indexOf('--error-increase') ?? -2) + 1]).toBe('0.0001');
    for (const plan of Object.values(PRESETS)) {
      for (const s of plan.stages) {
        const load = s.runs.find((r) => r.argv[0] === 'load');
        const limits = s.criteria.filter((c) => c.check === 'load' && c.metric === 'errorRateDelta').map((c) => c.value);
        if (load === undefined) continue;
        if (limits.length === 0) expect(load.argv, s.id).not.toContain('--error-increase');
        else expect(load.argv[load.argv.indexOf('--error-increase') + 1], s.id).toBe(String(Math.min(...limits)));
      }
    }
  });
});
