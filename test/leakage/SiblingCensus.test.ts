import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';
import { ID_RELATIONS } from '../../src/leakage/IdRelations.js';
import { siblingCensusArbitrary } from '../../src/leakage/SiblingCensus.js';
import type { StoreStep } from '../../src/leakage/StoreStep.js';

/** Tenant A's clear that left A's own key: the functional story a census starts from. */
const STORY: StoreStep[] = [
  { kind: 'op', op: { kind: 'put', tenant: 0, slot: 0, prefix: '' } },
  // Indices are taken modulo the story's tenants and slots: 2 and 4 are A and the first slot.
  { kind: 'op', op: { kind: 'clear', tenant: 2 } },
  { kind: 'op', op: { kind: 'get', tenant: 0, slot: 4 } },
];
const FOCUS = { tenants: ['Acme'], slots: [{ base: 'k', tokened: false }, { base: 'j', tokened: false }], steps: STORY };

describe('sibling census', () => {
  it('puts the relatives (canonical forms first) around the story: their writes before it, their reads after it', () => {
    const census = siblingCensusArbitrary({ pattern: undefined }, ID_RELATIONS, FOCUS, 8);
    expect(census).toBeDefined();
    if (census === undefined) return;
    for (const [commands, tenants, slots] of fc.sample(census, { numRuns: 20, seed: 1 })) {
      expect(tenants[0]).toBe('Acme');
      expect(tenants).toContain('acme');
      expect(tenants).toHaveLength(8);
      expect(slots).toEqual(FOCUS.slots);
      const steps = commands.map((c) => c.step);
      const relatives = tenants.length - 1;
      // Each relative writes the one slot the story touches, then the story runs with A in every role, then each relative reads and lists.
      expect(steps.slice(0, relatives).map((s) => (s.kind === 'op' ? [s.op.kind, s.op.tenant] : []))).toEqual(Array.from({ length: relatives }, (_, i) => ['put', i + 1]));
      expect(steps.slice(relatives, relatives + 3).map((s) => (s.kind === 'op' ? s.op : undefined))).toEqual([
        { kind: 'put', tenant: 0, slot: 0, prefix: '' }, { kind: 'clear', tenant: 0 }, { kind: 'get', tenant: 0, slot: 0 },
      ]);
      const reads = steps.slice(relatives + 3).map((s) => (s.kind === 'op' ? `${s.op.kind}:${s.op.tenant}` : ''));
      expect(reads).toEqual(Array.from({ length: relatives }, (_, i) => [`get:${i + 1}`, `list:${i + 1}`]).flat());
    }
  });

  it('has nothing to offer when the budget leaves no room for a relative', () => {
    expect(siblingCensusArbitrary({ pattern: undefined }, ID_RELATIONS, FOCUS, 1)).toBeUndefined();
  });

  it('lets a clear that misses its own keys show whose keys it deleted (lowercaseClearPath, seed 3)', async () => {
    // Seed 3 finds the clear that leaves tenant " %2F"'s own key first; before the census, the rest of
    // the budget never showed that it deleted the keys of " %2f" (the id lower-cased).
    const loaded = await loadConfig(resolve('fixtures/targets/isogate.config.ts'));
    const { result } = await runTargetLeakage(loaded, 'lowercaseClearPath', { seed: 3 });
    const o = result.outcome;
    expect(o.status).toBe('fail');
    if (o.status !== 'fail') return;
    const deletion = o.counterexamples.find((c) => c.finding.class === 'cross-tenant-delete');
    expect(deletion, o.counterexamples.map((c) => c.finding.message).join('\n')).toBeDefined();
    expect(deletion?.finding.message).toMatch(/caused by tenant A's clear/);
  }, 180_000);
});
