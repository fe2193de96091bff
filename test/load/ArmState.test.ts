import { describe, expect, it } from 'vitest';
import { describeArmState, formatArmState, parseArmState, resolveExposure } from '../../src/load/ArmState.js';

describe('arm states: the build and who has the flag on', () => {
  it('reads and writes back every form', () => {
    for (const text of ['previous:off', 'new:off', 'new:all', 'new:allow=1', 'new:allow=acme+globex', 'new:cohort=10', 'new:cohort=0.1']) {
      expect(formatArmState(parseArmState(text))).toBe(text);
    }
    expect(parseArmState('new:cohort=10')).toEqual({ build: 'new', exposure: { kind: 'cohort', percent: 10 } });
    expect(describeArmState(parseArmState('new:allow=1'))).toBe('new build, flag on for an allow-list of 1 tenant');
  });

  it('refuses what is not an arm, and a flag on a build that has none', () => {
    for (const bad of ['', 'new', 'old:off', 'new:on', 'new:cohort=101', 'new:allow=', 'previous:all', 'previous:cohort=10']) {
      expect(() => parseArmState(bad), bad).toThrow(/ISOGATE_USAGE|expected an arm/);
    }
  });

  it('an allow-list of N is the first N tenants of the traffic, capped at how many there are', () => {
    const tenants = ['acme', 'globex', 'initech'];
    expect(resolveExposure({ kind: 'allow-list', count: 1 }, tenants)).toEqual({ kind: 'allow-list', tenants: ['acme'] });
    expect(resolveExposure({ kind: 'allow-list', count: 5 }, tenants)).toEqual({ kind: 'allow-list', tenants });
    expect(resolveExposure({ kind: 'cohort', percent: 10 }, tenants)).toEqual({ kind: 'cohort', percent: 10 });
  });
});
