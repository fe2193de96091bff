import { describe, expect, it } from 'vitest';
import { evaluateStage, PRESETS, type Criterion, type Stage } from '../../src/gate/index.js';
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

describe('drill evidence counts only for the exposure its stage declares', () => {
  const full = PRESETS['request-isolation'].stages.find((s) => s.id === 'full') as Stage;

  it('every drill run of a stage with arms starts its fleet as the stage\'s candidate', () => {
    for (const plan of Object.values(PRESETS)) {
      for (const stage of plan.stages) {
        for (const run of stage.runs.filter((r) => r.argv[0] === 'drill')) {
          expect(stage.arms, `${plan.id}/${stage.id} runs drills`).toBeDefined();
          expect(run.argv.slice(-2), `${plan.id}/${stage.id} ${run.id}`).toEqual(['--candidate', stage.arms?.candidate]);
        }
      }
    }
  });

  it('a rollback drill run from another exposure is no evidence for the stage (INCONCLUSIVE, saying why)', () => {
    const drilled = (arm: string): ReturnType<typeof evidenceMeeting> => evidenceMeeting(full).map((e) => (e.check === 'drill:rollback'
      ? { ...e, details: { arm: { state: arm } } } : e));
    expect(evaluateStage(full, drilled('new:all'), after).verdict).not.toBe('NO-GO');
    const v = evaluateStage(full, drilled('new:allow=1'), after);
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.outcomes.find((o) => o.criterion.id === 'full.rollback-time')?.reason).toMatch(/candidate new:allow=1, not this stage's new:all/);
  });
});


/** A value that breaks `op value` beyond doubt. */
function breaking(c: Pick<Criterion, 'op' | 'value'>): number {
  const room = Math.max(1, Math.abs(c.value));
  switch (c.op) {
    case '==': return c.value + 1;
    case '<': case '<=': return c.value + room;
    case '>': case '>=': return c.value - room;
  }
}

describe('every preset stage turns NO-GO when evidence breaks any one of its criteria', () => {
  for (const plan of Object.values(PRESETS)) {
    for (const stage of plan.stages) {
      it(`${plan.id}/${stage.id}`, () => {
        expect(evaluateStage(stage, evidenceMeeting(stage), after).verdict).toBe('GO');
        for (const c of stage.criteria) {
          const broken = evidenceMeeting(stage).map((e) => {
            if (e.check !== c.check) return e;
            const v = breaking(c);
            const interval = c.latency === undefined && e.metrics[`${c.metric}.lo`] === undefined ? {} : { [`${c.metric}.lo`]: v, [`${c.metric}.hi`]: v };
            return { ...e, metrics: { ...e.metrics, [c.metric]: v, ...interval } };
          });
          const v = evaluateStage(stage, broken, after);
          expect(v.verdict, c.id).toBe('NO-GO');
          expect(v.outcomes.find((o) => o.criterion.id === c.id)?.status, c.id).toBe('fail');
        }
      });
    }
  }
});
