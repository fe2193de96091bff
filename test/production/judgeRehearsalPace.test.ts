import { describe, expect, it } from 'vitest';
import { judgeRehearsalPace, type ProductionJudgement, type ThresholdResult } from '../../src/production/index.js';

const threshold = (metric: string, op: ThresholdResult['op'], value: number, status: ThresholdResult['status']): ThresholdResult =>
  ({ id: `t.${metric}`, metric, op, value, status, measured: true, reason: `${metric} ${status}` });

/** The pilot stage of a walk on a machine that could not keep 1,500 req/s: Redis P95 5.63 ms against < 5. */
const pilot: ProductionJudgement = {
  status: 'fail',
  metrics: { redisP95Ms: 5.63, 'redisP95Ms.lo': 5.39, 'redisP95Ms.hi': 5.83, p95Ratio: 1.01, 'p95Ratio.lo': 0.97, 'p95Ratio.hi': 1.06 },
  insufficient: [],
  thresholds: [threshold('p95Ratio', '<=', 1.1, 'pass'), threshold('redisP95Ms', '<', 5, 'fail')],
  mde: '',
};
const saturated = { sent: 53_116, planned: 88_500, rps: 1500 };

describe('judgeRehearsalPace: a rehearsal that could not keep its rate', () => {
  it('leaves an absolute latency it missed undecided, marked an upper bound, and says why and what to do', () => {
    const j = judgeRehearsalPace(pilot, saturated);
    expect(j.status).toBe('inconclusive');
    const redis = j.thresholds.find((t) => t.metric === 'redisP95Ms');
    expect(redis?.status).toBe('inconclusive');
    expect(redis?.reason).toContain('sent 53116 of 88500 planned requests (60%)');
    expect(redis?.reason).toContain('lower production.rehearsal.capacityShare (or rps)');
    expect(j.metrics['redisP95Ms.upperBound']).toBe(1);
    expect(j.metrics['rehearsalSentShare']).toBeCloseTo(0.6, 2);
    // The ratio is between two cohorts that queued on the same machine: judged as it was.
    expect(j.thresholds.find((t) => t.metric === 'p95Ratio')?.status).toBe('pass');
  });

  it('judges a rehearsal that kept its rate as read', () => {
    const j = judgeRehearsalPace(pilot, { sent: 88_400, planned: 88_500, rps: 1500 });
    expect(j.status).toBe('fail');
    expect(j.thresholds).toEqual(pilot.thresholds);
    expect(j.metrics['redisP95Ms.upperBound']).toBeUndefined();
  });

  it('keeps a saturated rehearsal\'s failed ratio and its met absolute latency', () => {
    const j = judgeRehearsalPace({
      ...pilot,
      thresholds: [threshold('p95Ratio', '<=', 1.1, 'fail'), threshold('redisP95Ms', '<', 5, 'pass')],
    }, saturated);
    expect(j.status).toBe('fail');
    expect(j.thresholds.map((t) => t.status)).toEqual(['fail', 'pass']);
  });

  it('leaves a judgement without enough data inconclusive, marking no latency it did not measure', () => {
    const j = judgeRehearsalPace({ status: 'inconclusive', metrics: { windowSeconds: 56 }, insufficient: ['too few requests'], thresholds: [], mde: '' }, saturated);
    expect(j.status).toBe('inconclusive');
    expect(j.insufficient).toEqual(['too few requests']);
    expect(Object.keys(j.metrics).sort()).toEqual(['rehearsalSentShare', 'windowSeconds']);
  });
});
