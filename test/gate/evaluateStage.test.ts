import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/evidence/index.js';
import { evaluateCriterion, evaluateStage, judgeInterval, type Criterion, type Stage } from '../../src/gate/index.js';
import { record } from './sampleEvidence.js';

const src = { document: 'tenant-scoped-state-rollout.md', section: 'test' };
const leaks: Criterion = { id: 's.no-leaks', check: 'leakage', metric: 'leaks', op: '==', value: 0, minSamples: { metric: 'crossTenantObservations', value: 300 }, text: 'no leaks', source: src };
const p95: Criterion = { id: 's.p95', check: 'load', metric: 'p95Ratio', op: '<', value: 1.1, text: 'p95 < +10%', source: src };

function stage(criteria: Criterion[], extra: Partial<Stage> = {}): Stage {
  return { id: 's', title: 'S', summary: '', source: src, runs: [], criteria, manual: [{ id: 's.m', text: 'dashboards', source: src }], ...extra };
}

const okLeak = record('leakage', { leaks: 0, crossTenantObservations: 1000 });
const okLoad = record('load', { p95Ratio: 1.02, 'p95Ratio.lo': 0.98, 'p95Ratio.hi': 1.06 });

describe('judgeInterval: an interval passes only whole, fails only whole', () => {
  const cases: Array<[number, number, Criterion['op'], number, string]> = [
    [1, 2, '<', 3, 'pass'], [1, 3, '<', 3, 'inconclusive'], [3, 4, '<', 3, 'fail'],
    [1, 3, '<=', 3, 'pass'], [2, 4, '<=', 3, 'inconclusive'], [3.1, 4, '<=', 3, 'fail'],
    [4, 5, '>', 3, 'pass'], [3, 5, '>', 3, 'inconclusive'], [1, 3, '>', 3, 'fail'],
    [3, 5, '>=', 3, 'pass'], [2, 5, '>=', 3, 'inconclusive'], [1, 2.9, '>=', 3, 'fail'],
    [0, 0, '==', 0, 'pass'], [0, 1, '==', 0, 'inconclusive'], [1, 2, '==', 0, 'fail'], [-2, -1, '==', 0, 'fail'],
  ];
  it.each(cases)('[%d, %d] %s %d → %s', (lo, hi, op, v, expected) => {
    expect(judgeInterval(lo, hi, op, v)).toBe(expected);
  });
});

describe('evaluateCriterion', () => {
  it('never fails a "below" criterion on a value known only as an upper bound, but passes on one', () => {
    const redis: Criterion = { id: 's.redis', check: 'production', metric: 'redisP95Ms', op: '<', value: 5, text: 'redis p95 < 5 ms', source: src };
    const slow = { redisP95Ms: 5.6, 'redisP95Ms.lo': 5.4, 'redisP95Ms.hi': 5.8 };
    expect(evaluateCriterion(redis, [record('production', slow)]).status).toBe('fail');
    const bounded = evaluateCriterion(redis, [record('production', { ...slow, 'redisP95Ms.upperBound': 1 })]);
    expect(bounded.status).toBe('inconclusive');
    expect(bounded.reason).toContain('only as an upper bound');
    expect(evaluateCriterion(redis, [record('production', { redisP95Ms: 3.1, 'redisP95Ms.lo': 3, 'redisP95Ms.hi': 3.2, 'redisP95Ms.upperBound': 1 })]).status).toBe('pass');
    // An upper bound below an "above" threshold: the value itself is lower still, so it fails.
    const above: Criterion = { ...redis, id: 's.above', op: '>', value: 6 };
    expect(evaluateCriterion(above, [record('production', { ...slow, 'redisP95Ms.upperBound': 1 })]).status).toBe('fail');
  });
  it('is inconclusive with no evidence of its check, and says which check', () => {
    const o = evaluateCriterion(leaks, [okLoad]);
    expect(o.status).toBe('inconclusive');
    expect(o.reason).toBe('no evidence from check leakage');
  });
  it('passes on a point value inside the threshold with enough samples', () => {
    const o = evaluateCriterion(leaks, [okLeak]);
    expect(o.status).toBe('pass');
    expect(o.observations).toEqual([{ value: 0, samples: 1000, evidence: 0, target: 'reference' }]);
  });
  it('fails on a point value outside the threshold', () => {
    const o = evaluateCriterion(leaks, [record('leakage', { leaks: 2, crossTenantObservations: 1000 })]);
    expect(o.status).toBe('fail');
    expect(o.reason).toContain('leaks = 2 on leakage/reference, must be == 0');
  });
  it('never passes on fewer samples than the minimum, but a violation seen on few samples still fails', () => {
    expect(evaluateCriterion(leaks, [record('leakage', { leaks: 0, crossTenantObservations: 299 })]).status).toBe('inconclusive');
    expect(evaluateCriterion(leaks, [record('leakage', { leaks: 0, crossTenantObservations: 299 })]).reason).toContain('crossTenantObservations = 299 < 300 required');
    expect(evaluateCriterion(leaks, [record('leakage', { leaks: 0 })]).reason).toContain('crossTenantObservations = missing');
    expect(evaluateCriterion(leaks, [record('leakage', { leaks: 1, crossTenantObservations: 5 })]).status).toBe('fail');
  });
  it('is inconclusive when the metric is missing or the record errored', () => {
    expect(evaluateCriterion(leaks, [record('leakage', { crossTenantObservations: 1000 })]).reason).toContain('no finite value for leaks');
    const errored = record('leakage', { leaks: 0, crossTenantObservations: 1000 }, { status: 'error', details: { reason: 'redis went away' } });
    const o = evaluateCriterion(leaks, [errored]);
    expect(o.status).toBe('inconclusive');
    expect(o.reason).toBe('leakage/reference errored: redis went away');
  });
  it('is inconclusive when the check itself said inconclusive, even with metrics that pass', () => {
    const o = evaluateCriterion(leaks, [record('leakage', { leaks: 0, crossTenantObservations: 1000 }, { status: 'inconclusive', details: { reason: 'budget exhausted' } })]);
    expect(o.status).toBe('inconclusive');
    expect(o.reason).toContain('budget exhausted');
  });
  it('judges the whole 95% interval: inside passes, straddling is undecided, wholly outside fails', () => {
    expect(evaluateCriterion(p95, [okLoad]).status).toBe('pass');
    const straddle = evaluateCriterion(p95, [record('load', { p95Ratio: 1.05, 'p95Ratio.lo': 1.0, 'p95Ratio.hi': 1.12 })]);
    expect(straddle.status).toBe('inconclusive');
    expect(straddle.reason).toContain('straddles < 1.1');
    expect(evaluateCriterion(p95, [record('load', { p95Ratio: 1.2, 'p95Ratio.lo': 1.15, 'p95Ratio.hi': 1.25 })]).status).toBe('fail');
  });
  it('does not trust a half or malformed interval', () => {
    expect(evaluateCriterion(p95, [record('load', { p95Ratio: 1.0, 'p95Ratio.lo': 0.9 })]).reason).toContain('only one end');
    expect(evaluateCriterion(p95, [record('load', { p95Ratio: 1.0, 'p95Ratio.lo': 1.05, 'p95Ratio.hi': 0.95 })]).reason).toContain('malformed interval');
    expect(evaluateCriterion(p95, [record('load', { p95Ratio: 1.3, 'p95Ratio.lo': 0.9, 'p95Ratio.hi': 1.0 })]).status).toBe('inconclusive');
  });
  it('needs every target to pass; one failing target fails it; one errored target leaves it undecided', () => {
    const other = (m: Record<string, number>, status: Evidence['status'] = 'pass'): Evidence => record('leakage', m, { target: 'http', status });
    expect(evaluateCriterion(leaks, [okLeak, other({ leaks: 0, crossTenantObservations: 900 })]).status).toBe('pass');
    expect(evaluateCriterion(leaks, [okLeak, other({ leaks: 4, crossTenantObservations: 900 }, 'fail')]).status).toBe('fail');
    expect(evaluateCriterion(leaks, [okLeak, other({}, 'error')]).status).toBe('inconclusive');
  });
  it('treats contradictory records of one target as a failure, and duplicates as one', () => {
    const bad = record('leakage', { leaks: 1, crossTenantObservations: 1000 }, { status: 'fail' });
    expect(evaluateCriterion(leaks, [okLeak, bad]).status).toBe('fail');
    expect(evaluateCriterion(leaks, [bad, okLeak]).status).toBe('fail');
    const dup = evaluateCriterion(leaks, [okLeak, okLeak]);
    expect(dup.status).toBe('pass');
    expect(dup.reason).toBe('leaks = 0 on leakage/reference (== 0)');
  });
});

describe('evaluateStage', () => {
  it('is GO only when every criterion passed, and says manual items await sign-off', () => {
    const v = evaluateStage(stage([leaks, p95]), [okLeak, okLoad]);
    expect(v.verdict).toBe('GO');
    expect(v.summary).toBe('GO: all 2 criteria passed on sufficient evidence; 1 manual item awaits QA sign-off');
  });
  it('is NO-GO when any criterion failed, whatever else is missing', () => {
    const v = evaluateStage(stage([leaks, p95]), [record('leakage', { leaks: 1, crossTenantObservations: 1 })]);
    expect(v.verdict).toBe('NO-GO');
    if (v.verdict !== 'NO-GO') throw new Error('unreachable');
    expect(v.failed.map((o) => o.criterion.id)).toEqual(['s.no-leaks']);
    expect(v.counts).toEqual({ pass: 0, fail: 1, inconclusive: 1 });
  });
  it('is NO-GO when a check it reads reported fail for a reason no criterion names (never ignored)', () => {
    const lost = record('leakage', { leaks: 0, crossTenantObservations: 1000 }, { status: 'fail', details: { failures: ['28 acknowledged write(s) lost'] } });
    const v = evaluateStage(stage([leaks, p95]), [lost, okLoad]);
    expect(v.verdict).toBe('NO-GO');
    expect(v.counts).toEqual({ pass: 2, fail: 0, inconclusive: 0 });
    expect(v.checkFailures).toEqual([{ check: 'leakage', target: 'reference', evidence: 0, reason: 'leakage/reference reported fail: 28 acknowledged write(s) lost (no criterion of this stage covers it)' }]);
    expect(v.summary).toBe('NO-GO: check leakage/reference reported fail for a reason no criterion of this stage covers');
    const unread = record('audit', { violations: 3 }, { status: 'fail' });
    expect(evaluateStage(stage([leaks, p95]), [okLeak, okLoad, unread]).verdict).toBe('GO');
  });

  it('is INCONCLUSIVE on no evidence at all', () => {
    const v = evaluateStage(stage([leaks, p95]), []);
    expect(v.verdict).toBe('INCONCLUSIVE');
    if (v.verdict !== 'INCONCLUSIVE') throw new Error('unreachable');
    expect(v.undecided).toHaveLength(2);
  });
  it('is INCONCLUSIVE, never GO, for a stage with no measured criterion', () => {
    const v = evaluateStage(stage([]), [okLeak]);
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.summary).toContain('no measured criterion');
  });
  it('is NO-GO before a stage\'s earliest start, and judges the date it is given', () => {
    const dated = stage([leaks], { notBefore: '2026-04-01' });
    const early = evaluateStage(dated, [okLeak], { now: new Date('2026-03-31T23:00:00Z') });
    expect(early.verdict).toBe('NO-GO');
    expect(early.summary).toBe('NO-GO: 2026-03-31 is before the earliest start 2026-04-01');
    expect(evaluateStage(dated, [okLeak], { now: new Date('2026-04-01T00:00:00Z') }).verdict).toBe('GO');
  });
});
