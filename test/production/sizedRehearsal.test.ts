import { describe, expect, it } from 'vitest';
import { productionConfigSchema } from '../../src/production/index.js';
import { sizedRehearsal } from '../../src/production/sizedRehearsal.js';

const rehearsal = { ...productionConfigSchema.parse({ prometheus: 'local' }).rehearsal, seconds: 90, rps: 1500 };
const delta = (value: number) => ({ id: 'x.production-error-differential', metric: 'errorRateDelta', op: '<=' as const, value });

describe('a rehearsal sized by the stage it judges', () => {
  it('lengthens the traffic until a 25% canary gets the requests a 0.01-point error limit needs, and says why', () => {
    const sized = sizedRehearsal(rehearsal, [delta(0.0001)], 25);
    // 48,019 canary requests at 25% of 1,500 req/s: 128 s, plus the 5 s the window leaves out.
    expect(sized.rehearsal.seconds).toBe(134);
    expect(sized.why).toContain('needs about 48019 canary requests');
  });

  it('keeps the configured traffic when it is already enough, when no error limit is judged, and with no control left', () => {
    expect(sizedRehearsal(rehearsal, [delta(0.01)], 10)).toEqual({ rehearsal });
    expect(sizedRehearsal(rehearsal, [{ id: 'x.p95', metric: 'p95Ratio', op: '<=', value: 1.1 }], 25)).toEqual({ rehearsal });
    expect(sizedRehearsal(rehearsal, [delta(0.0001)], 100)).toEqual({ rehearsal });
  });

  it('stops at ten minutes however tight the limit', () => {
    expect(sizedRehearsal(rehearsal, [delta(0.000001)], 50).rehearsal.seconds).toBe(600);
  });
});
