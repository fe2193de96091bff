import { describe, expect, it } from 'vitest';
import { evaluateStage, PRESETS, type Stage } from '../../src/gate/index.js';
import { evidenceMeeting } from './presetEvidence.js';

const deployOff = PRESETS['request-isolation'].stages.find((s) => s.id === 'deploy-off') as Stage;
const after = { now: new Date('2026-06-01T00:00:00Z') };

function withArms(candidate: string, baseline: string): ReturnType<typeof evidenceMeeting> {
  return evidenceMeeting(deployOff).map((e) => (e.check === 'load'
    ? { ...e, details: { arms: { candidate: { state: candidate }, baseline: { state: baseline } } } } : e));
}

describe('load evidence counts only for the comparison its stage declares', () => {
  it('deploy-off evidence measured as new:off vs previous:off is GO', () => {
    expect(evaluateStage(deployOff, withArms('new:off', 'previous:off'), after).verdict).toBe('GO');
  });

  it('the same numbers measured with the flag on for all are no evidence for deploy-off (INCONCLUSIVE, saying why)', () => {
    const v = evaluateStage(deployOff, withArms('new:all', 'previous:off'), after);
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.outcomes.find((o) => o.criterion.id === 'deploy-off.p95-increase')?.reason).toMatch(/candidate new:all, not this stage's new:off/);
  });
});
