import { describe, expect, it } from 'vitest';
import { applyBaseline, buildBaseline, fingerprintOf } from '../../src/audit/Baseline.js';
import type { Finding } from '../../src/audit/Finding.js';

const finding = (line: number, symbol = 'handle>redis'): Finding => ({
  rule: 'state-access', file: 'src/routes/a.ts', line, column: 3, message: "'redis' is tenant state", symbol,
});

describe('the audit baseline', () => {
  it('fingerprints by rule, file and symbol, so moving a finding to another line keeps its entry', () => {
    expect(fingerprintOf(finding(10))).toBe(fingerprintOf(finding(42)));
    expect(fingerprintOf(finding(10))).not.toBe(fingerprintOf(finding(10, 'other>redis')));
    const baseline = buildBaseline([finding(10)]);
    const moved = applyBaseline([finding(42)], baseline);
    expect(moved.fresh).toEqual([]);
    expect(moved.baselined).toHaveLength(1);
    expect(moved.baselined[0]?.suppression.kind).toBe('baseline');
  });

  it('fails only the findings beyond what the baseline recorded, and reports entries that match nothing', () => {
    const baseline = buildBaseline([finding(10), finding(11)]);
    expect(baseline.entries).toEqual([expect.objectContaining({ count: 2 })]);
    const grown = applyBaseline([finding(10), finding(11), finding(12)], baseline);
    expect(grown.fresh.map((f) => f.line)).toEqual([12]);
    const shrunk = applyBaseline([finding(10)], baseline);
    expect(shrunk.fresh).toEqual([]);
    expect(shrunk.stale).toEqual([expect.objectContaining({ unmatched: 1, symbol: 'handle>redis' })]);
  });
});
