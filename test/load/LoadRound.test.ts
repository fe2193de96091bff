import { describe, expect, it } from 'vitest';
import { selfCheckRound, type LoadRound } from '../../src/load/LoadRound.js';

const limits = { maxDriverCpu: 0.8, minAchievedFraction: 0.9, maxSocketErrorRate: 0.001, maxLoopDelayMs: 25 };
const healthy: LoadRound = { round: 0, arms: ['baseline', 'candidate'], wallMs: 10_000, driverCpu: 0.3, loopDelayP99Ms: 5,
  askedRpsPerArm: 300, achievedRpsPerArm: [298, 297], socketErrors: [0, 0], statuses: [{ 200: 2980 }, { 200: 2970 }],
  percentilesMs: [{ p50: 1, p95: 2, p99: 3 }, { p50: 1, p95: 2, p99: 3 }] };

describe('selfCheckRound', () => {
  it('finds nothing wrong with a healthy round', () => {
    expect(selfCheckRound(healthy, limits)).toEqual([]);
  });

  it('names a saturated generator, a late event loop, a short achieved rate and baseline socket errors', () => {
    expect(selfCheckRound({ ...healthy, driverCpu: 0.95 }, limits).join()).toMatch(/load generator saturated/);
    expect(selfCheckRound({ ...healthy, loopDelayP99Ms: 60 }, limits).join()).toMatch(/event loop late/);
    expect(selfCheckRound({ ...healthy, achievedRpsPerArm: [298, 200] }, limits).join()).toMatch(/candidate achieved 200 req\/s of 300 asked/);
    expect(selfCheckRound({ ...healthy, socketErrors: [50, 0] }, limits).join()).toMatch(/socket errors on the baseline/);
  });

  it('leaves candidate socket errors to the error-rate criterion', () => {
    expect(selfCheckRound({ ...healthy, socketErrors: [0, 50] }, limits)).toEqual([]);
  });

  it('judges a count-only round by its baseline socket errors alone: it keeps no latency a busy driver could distort', () => {
    const busy = { ...healthy, countOnly: true as const, driverCpu: 0.95, loopDelayP99Ms: 60, achievedRpsPerArm: [200, 200] };
    expect(selfCheckRound(busy, limits)).toEqual([]);
    expect(selfCheckRound({ ...busy, socketErrors: [50, 0] }, limits).join()).toMatch(/socket errors on the baseline/);
  });
});
