import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/evidence/index.js';
import { evaluateCriterion, type Criterion } from '../../src/gate/index.js';
import type { QuantileRatio } from '../../src/load/blockBootstrap.js';
import { decideLatency, judgeLatency, latencyLimitRatio } from '../../src/load/LoadCriterion.js';
import { MetricSheet } from '../../src/load/loadEvidence.js';

const rule = { minSamples: 1000, minTail: 20, minBlocks: 12, confidence: 0.95 };

/** Synthetic evidence of one latency quantile: an interval around a ratio, a baseline, sample and block counts. */
const samplesArb = fc.oneof({ arbitrary: fc.integer({ min: 1000, max: 6000 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 999 }), weight: 1 });

const caseArb = fc.record({
  baselineUs: fc.double({ min: 20, max: 50_000, noNaN: true }),
  logRatio: fc.double({ min: -0.5, max: 0.8, noNaN: true }),
  below: fc.double({ min: 0, max: 0.3, noNaN: true }),
  above: fc.double({ min: 0, max: 0.3, noNaN: true }),
  blocks: fc.integer({ min: 0, max: 120 }),
  samplesBaseline: samplesArb,
  samplesCandidate: samplesArb,
  maxIncrease: fc.constantFrom(0, 0.05, 0.1, 0.2, 1),
  floorMs: fc.constantFrom(0, 0.1, 0.25, 1, 5),
  problems: fc.constantFrom(0, 0, 0, 0, 1, 2),
  // What the record says overall (other criteria of the same run may be anything).
  recordStatus: fc.constantFrom('pass', 'fail', 'inconclusive'),
  noInterval: fc.constantFrom(false, false, false, true),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** What `isogate load` decides for this quantile: its judge, made inconclusive by self-check problems (as analyseLoad does). */
function loadSays(c: Case): { status: string; evidence: Evidence } {
  const lo = c.noInterval ? Number.NaN : Math.exp(c.logRatio - c.below);
  const hi = c.noInterval ? Number.NaN : Math.exp(c.logRatio + c.above);
  const ratio: QuantileRatio = { q: 0.95, baselineUs: c.baselineUs, candidateUs: c.baselineUs * Math.exp(c.logRatio), ratio: Math.exp(c.logRatio), lo, hi,
    seLog: (c.below + c.above) / 3.92, blocks: c.blocks };
  const judged = judgeLatency('P95', ratio, { maxIncrease: c.maxIncrease, floorMs: c.floorMs }, { baseline: c.samplesBaseline, candidate: c.samplesCandidate }, rule);
  const status = c.problems > 0 ? 'inconclusive' : judged.outcome.status;
  const sheet = new MetricSheet<'load'>().latency('p95Ratio', judged).set('p95Limit', judged.limitRatio)
    .set('p95MsBaseline', c.baselineUs / 1000).set('samplesBaseline', c.samplesBaseline).set('samplesCandidate', c.samplesCandidate)
    .set('selfCheckProblems', c.problems);
  const evidence: Evidence = { check: 'load', target: 'candidate', status: c.problems > 0 ? 'inconclusive' : c.recordStatus, metrics: sheet.metrics,
    details: {}, seed: 1, startedAt: '', durationMs: 1, artifacts: [] };
  return { status, evidence };
}

const criterionFor = (c: Case): Criterion => ({
  id: 'stage.p95-increase', check: 'load', metric: 'p95Ratio', op: '<=', value: 1 + c.maxIncrease,
  minSamples: { metric: 'samplesCandidate', value: rule.minSamples }, latency: { floorMs: c.floorMs, baselineMetric: 'p95MsBaseline' },
  text: 'P95 within the limit', source: { document: 'doc.md', section: 's' },
});

describe('one latency judge: the gate and isogate load agree', () => {
  test.prop([caseArb], { numRuns: 2000 })('on the same evidence, the gate decides a latency criterion exactly as the load engine did (fast-check prints the seed of any disagreement)', (c) => {
    const load = loadSays(c);
    const gate = evaluateCriterion(criterionFor(c), [load.evidence]);
    expect(gate.status).toBe(load.status);
  });

  it('the generator reaches pass, fail and inconclusive on both sides (the property is not vacuous)', () => {
    const seen = new Map<string, number>();
    for (const c of fc.sample(caseArb, { numRuns: 8000, seed: 7 })) {
      const s = loadSays(c).status;
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
    expect(seen.get('pass') ?? 0).toBeGreaterThan(20);
    expect(seen.get('fail') ?? 0).toBeGreaterThan(20);
    expect(seen.get('inconclusive') ?? 0).toBeGreaterThan(20);
  });

  it('the floor widens the limit over a fast baseline, for both', () => {
    // P95 of 2 ms, +10% or 0.25 ms: the limit is 1.125.
    expect(latencyLimitRatio({ maxIncrease: 0.1, floorMs: 0.25 }, 2)).toBeCloseTo(1.125, 12);
    expect(latencyLimitRatio({ maxIncrease: 0.1, floorMs: 0.25 }, 10)).toBeCloseTo(1.1, 12);
    expect(decideLatency(1.05, 1.12, 1.125)).toBe('pass');
    expect(decideLatency(1.13, 1.2, 1.125)).toBe('fail');
    expect(decideLatency(1.1, 1.2, 1.125)).toBe('inconclusive');
    expect(decideLatency(Number.NaN, 1.2, 1.125)).toBe('inconclusive');
  });
});
