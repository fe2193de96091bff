import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckId, type Evidence, type EvidenceStatus } from '../../src/evidence/index.js';
import { evaluateStage, judgeInterval, OPS, PRESETS, type Criterion, type Stage } from '../../src/gate/index.js';
import { evidenceMeeting } from './presetEvidence.js';

// A small world so that generated evidence often hits the generated criteria.
const WORLD: CheckId[] = ['leakage', 'load', 'drill:rollback'];
const source = { document: 'test.md', section: 'properties' };
const value = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.double({ min: -2, max: 3, noNaN: true }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY));

const criterionArb = fc.constantFrom(...WORLD).chain((check) => {
  const metrics = CHECKS[check] as readonly string[];
  return fc.record({
    check: fc.constant(check),
    metric: fc.constantFrom(...metrics),
    op: fc.constantFrom(...OPS),
    value: fc.integer({ min: -1, max: 2 }),
    minSamples: fc.option(fc.record({ metric: fc.constantFrom(...metrics), value: fc.integer({ min: 0, max: 3 }) }), { nil: undefined }),
  });
});

const stageArb = fc.array(criterionArb, { minLength: 0, maxLength: 5 }).map((cs): Stage => ({
  id: 's', title: 'S', summary: '', source, runs: [], manual: [],
  criteria: cs.map((c, i): Criterion => ({ ...c, id: `s.c${i}`, text: 'generated', source, ...(c.minSamples === undefined ? {} : { minSamples: c.minSamples }) }) as Criterion),
}));

const evidenceArb = fc.constantFrom(...WORLD).chain((check) => {
  const metrics = CHECKS[check] as readonly string[];
  const withIntervals = fc.dictionary(fc.constantFrom(...metrics), value, { maxKeys: metrics.length }).chain((base) =>
    fc.subarray(Object.keys(base)).chain((intervalled) =>
      fc.tuple(...intervalled.map(() => fc.tuple(value, value))).map((bounds) => {
        const out: Record<string, number> = { ...base };
        intervalled.forEach((m, i) => {
          const [a, b] = bounds[i] ?? [0, 0];
          out[`${m}.lo`] = a;
          out[`${m}.hi`] = b;
        });
        return out;
      })));
  return fc.record({
    check: fc.constant(check),
    target: fc.constantFrom('a', 'b'),
    status: fc.constantFrom<EvidenceStatus>('pass', 'fail', 'inconclusive', 'error'),
    metrics: withIntervals,
  }).map((r): Evidence => ({ ...r, details: {}, seed: null, startedAt: '2026-01-01T00:00:00Z', durationMs: 1, artifacts: [] }));
});

/**
 * Evidence aimed at a stage: per check it reads, records whose metrics sit on, near or across
 * each threshold (sometimes with an interval, sometimes short of samples), mixed with noise.
 * Without the aim, random metrics almost never satisfy every criterion and GO would go untested.
 */
function aimedAt(stage: Stage): fc.Arbitrary<Evidence[]> {
  const checks = [...new Set(stage.criteria.map((c) => c.check))];
  const near = (v: number): fc.Arbitrary<number> => fc.constantFrom(v - 1, v - 0.5, v, v + 0.5, v + 1);
  const recordFor = (check: CheckId): fc.Arbitrary<Evidence> => {
    const mine = stage.criteria.filter((c) => c.check === check);
    const parts = mine.map((c) => fc.tuple(near(c.value), fc.option(fc.tuple(fc.constantFrom(0, 0.25, 1), fc.constantFrom(0, 0.25, 1)), { nil: undefined }),
      c.minSamples === undefined ? fc.constant(undefined) : near(c.minSamples.value)));
    return fc.record({
      status: fc.constantFrom<EvidenceStatus>('pass', 'pass', 'pass', 'fail', 'inconclusive', 'error'),
      target: fc.constantFrom('a', 'a', 'b'),
      values: fc.tuple(...parts),
    }).map(({ status, target, values }) => {
      const metrics: Record<string, number> = {};
      mine.forEach((c, i) => {
        const [v, width, n] = values[i] ?? [c.value, undefined, undefined];
        metrics[c.metric] = v;
        if (width !== undefined) {
          metrics[`${c.metric}.lo`] = v - width[0];
          metrics[`${c.metric}.hi`] = v + width[1];
        }
        if (c.minSamples !== undefined && n !== undefined) metrics[c.minSamples.metric] = n;
      });
      return { check, target, status, metrics, details: {}, seed: null, startedAt: '2026-01-01T00:00:00Z', durationMs: 1, artifacts: [] };
    });
  };
  return fc.tuple(fc.tuple(...checks.map((c) => fc.array(recordFor(c), { minLength: 0, maxLength: 2 }))), fc.array(evidenceArb, { maxLength: 2 }))
    .map(([aimed, noise]) => [...aimed.flat(), ...noise]);
}

const caseArb = stageArb.chain((stage) => fc.tuple(fc.constant(stage), fc.oneof(aimedAt(stage), fc.array(evidenceArb, { maxLength: 8 }))));
const evidenceListArb = fc.array(evidenceArb, { maxLength: 8 });

/** An independent oracle for "this criterion passed on sufficient evidence". */
function soundlyPassed(c: Criterion, evidence: readonly Evidence[]): boolean {
  const mine = evidence.filter((e) => e.check === c.check);
  return mine.length > 0 && mine.every((e) => {
    if (e.status !== 'pass' && e.status !== 'fail') return false;
    const v = e.metrics[c.metric];
    const lo = e.metrics[`${c.metric}.lo`] ?? v;
    const hi = e.metrics[`${c.metric}.hi`] ?? v;
    if (v === undefined || lo === undefined || hi === undefined || ![v, lo, hi].every(Number.isFinite)) return false;
    if (c.minSamples !== undefined && !((e.metrics[c.minSamples.metric] ?? -Infinity) >= c.minSamples.value)) return false;
    return judgeInterval(lo, hi, c.op, c.value) === 'pass';
  });
}

describe('verdict properties (fast-check prints the seed and path of any counterexample)', () => {
  test.prop([caseArb])('the verdict is exactly: any fail → NO-GO; all pass (and some) → GO; else INCONCLUSIVE', ([stage, evidence]) => {
    const v = evaluateStage(stage, evidence);
    const statuses = v.outcomes.map((o) => o.status);
    const failingChecks = new Set(v.outcomes.filter((o) => o.status === 'fail').map((o) => o.criterion.check as string));
    const read = new Set<string>(stage.criteria.map((c) => c.check));
    const uncovered = evidence.flatMap((e, i) => (e.status === 'fail' && read.has(e.check) && !failingChecks.has(e.check) ? [i] : []));
    expect(v.checkFailures.map((f) => f.evidence)).toEqual(uncovered);
    const expected = statuses.includes('fail') || uncovered.length > 0 ? 'NO-GO' : statuses.length > 0 && statuses.every((s) => s === 'pass') ? 'GO' : 'INCONCLUSIVE';
    expect(v.verdict).toBe(expected);
    expect(v.outcomes).toHaveLength(stage.criteria.length);
  });

  test.prop([caseArb])('GO only when every criterion passed on sufficient evidence (independent oracle)', ([stage, evidence]) => {
    const v = evaluateStage(stage, evidence);
    if (v.verdict === 'GO') {
      expect(stage.criteria.length).toBeGreaterThan(0);
      for (const c of stage.criteria) expect(soundlyPassed(c, evidence)).toBe(true);
      const read = new Set<string>(stage.criteria.map((c) => c.check));
      expect(evidence.filter((e) => read.has(e.check)).every((e) => e.status === 'pass')).toBe(true);
    }
    for (const o of v.outcomes) if (o.status === 'pass') expect(soundlyPassed(o.criterion, evidence)).toBe(true);
  });

  test.prop([stageArb])('no evidence is never GO', (stage) => {
    expect(evaluateStage(stage, []).verdict).toBe('INCONCLUSIVE');
  });

  it('the generators reach all three verdicts (so the properties above are not vacuous)', () => {
    const seen = new Map<string, number>();
    for (const [stage, evidence] of fc.sample(caseArb, { numRuns: 6000, seed: 42 })) {
      const v = evaluateStage(stage, evidence).verdict;
      seen.set(v, (seen.get(v) ?? 0) + 1);
    }
    expect(seen.get('GO') ?? 0).toBeGreaterThan(10);
    expect(seen.get('NO-GO') ?? 0).toBeGreaterThan(10);
    expect(seen.get('INCONCLUSIVE') ?? 0).toBeGreaterThan(10);
  });

  test.prop([caseArb, fc.nat()])('an errored record of a needed check is never GO', ([stage, evidence], pick) => {
    fc.pre(stage.criteria.length > 0);
    const c = stage.criteria[pick % stage.criteria.length] as Criterion;
    const errored: Evidence = { check: c.check, target: 'a', status: 'error', metrics: { [c.metric]: c.value }, details: { reason: 'crashed' }, seed: null, startedAt: '', durationMs: 0, artifacts: [] };
    expect(evaluateStage(stage, [...evidence, errored]).verdict).not.toBe('GO');
  });

  test.prop([caseArb])('partial evidence: dropping every record of a needed check is never GO', ([stage, evidence]) => {
    fc.pre(stage.criteria.length > 0);
    const dropped = (stage.criteria[0] as Criterion).check;
    expect(evaluateStage(stage, evidence.filter((e) => e.check !== dropped)).verdict).not.toBe('GO');
  });

  test.prop([caseArb])('duplicated and reordered evidence gives the same verdict', ([stage, evidence]) => {
    const once = evaluateStage(stage, evidence).verdict;
    expect(evaluateStage(stage, [...evidence, ...evidence]).verdict).toBe(once);
    expect(evaluateStage(stage, [...evidence].reverse()).verdict).toBe(once);
  });

  test.prop([caseArb, evidenceListArb])('contradictory evidence cannot rescue a NO-GO', ([stage, evidence], more) => {
    fc.pre(evaluateStage(stage, evidence).verdict === 'NO-GO');
    expect(evaluateStage(stage, [...evidence, ...more]).verdict).toBe('NO-GO');
    expect(evaluateStage(stage, [...more, ...evidence]).verdict).toBe('NO-GO');
  });

  test.prop([caseArb, fc.nat()])('insufficient samples are never GO', ([stage, evidence], pick) => {
    const sampled = stage.criteria.filter((c) => c.minSamples !== undefined && c.minSamples.value > 0);
    fc.pre(sampled.length > 0);
    const c = sampled[pick % sampled.length] as Criterion & { minSamples: { metric: string; value: number } };
    const starved = evidence.map((e) => (e.check === c.check ? { ...e, metrics: { ...e.metrics, [c.minSamples.metric]: c.minSamples.value - 1 } } : e));
    expect(evaluateStage(stage, starved).verdict).not.toBe('GO');
  });
});

describe('every preset stage', () => {
  const stages = Object.values(PRESETS).flatMap((plan) => plan.stages.map((s) => [`${plan.id} / ${s.id}`, s] as const));
  const after = { now: new Date('2026-06-01T00:00:00Z') };

  it.each(stages)('%s: no evidence → INCONCLUSIVE', (_name, stage) => {
    expect(evaluateStage(stage, [], after).verdict).toBe('INCONCLUSIVE');
  });

  it.each(stages)('%s: evidence meeting every criterion → GO; any one check missing → INCONCLUSIVE', (_name, stage) => {
    const evidence = evidenceMeeting(stage);
    expect(evaluateStage(stage, evidence, after).verdict).toBe('GO');
    for (const e of evidence) expect(evaluateStage(stage, evidence.filter((x) => x !== e), after).verdict).toBe('INCONCLUSIVE');
  });

  it.each(stages)('%s: each criterion violated alone → NO-GO naming it', (_name, stage) => {
    const evidence = evidenceMeeting(stage);
    for (const c of stage.criteria) {
      const bad = violating(c);
      const interval = c.latency === undefined ? {} : { [`${c.metric}.lo`]: bad, [`${c.metric}.hi`]: bad };
      const broken = evidence.map((e) => (e.check === c.check ? { ...e, status: 'fail' as const, metrics: { ...e.metrics, [c.metric]: bad, ...interval } } : e));
      const v = evaluateStage(stage, broken, after);
      expect(v.verdict, c.id).toBe('NO-GO');
      if (v.verdict === 'NO-GO') expect(v.failed.map((o) => o.criterion.id)).toContain(c.id);
    }
  });
});

function violating(c: Criterion): number {
  switch (c.op) {
    case '==': return c.value + 1;
    case '<': case '<=': return c.value + Math.max(1, Math.abs(c.value));
    case '>': case '>=': return c.value - Math.max(1, Math.abs(c.value));
  }
}
