import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';
import { ID_RELATIONS } from '../../src/leakage/IdRelations.js';
import { crossProbeArbitrary, relationSweepArbitrary } from '../../src/leakage/RelationSweep.js';
import { relativesOf } from '../../src/leakage/TenantSpace.js';

const opsOf = (commands: readonly { step: unknown }[]): string[] => commands.map(({ step }) => {
  const s = step as { kind: string; op?: { kind: string; tenant: number; slot?: number } };
  return s.op === undefined ? s.kind : `${s.op.kind}:${s.op.tenant}${s.op.slot === undefined ? '' : `@${s.op.slot}`}`;
});

describe('relation sweep', () => {
  it('puts a drawn id beside distinct relatives of it, inside the declared id space, and meets each both ways', () => {
    const space = { pattern: /^[A-Za-z0-9]{1,32}$/ };
    const sweep = relationSweepArbitrary(space, { pattern: undefined }, ID_RELATIONS, 8);
    for (const [commands, tenants, slots] of fc.sample(sweep, { numRuns: 50, seed: 7 })) {
      const [base, ...relatives] = tenants;
      expect(relatives.length).toBeGreaterThan(0);
      // not timing: the run's tenant budget (8) bounds the id and its relatives
      expect(tenants.length).toBeLessThanOrEqual(8);
      expect(new Set(tenants).size).toBe(tenants.length);
      const family = relativesOf(space, ID_RELATIONS, base ?? '');
      for (const r of relatives) expect(family).toContain(r);
      for (const t of tenants) expect(t).toMatch(space.pattern);
      expect(slots.every((s) => !s.tokened)).toBe(true);
      const n = relatives.length;
      const others = Array.from({ length: n }, (_, i) => i + 1);
      // Slot 1 is key B (taken modulo the slots: key A again when both keys drawn were one).
      expect(opsOf(commands)).toEqual([
        'put:0@0', ...others.flatMap((t) => [`get:${t}@0`, `list:${t}`]), ...others.map((t) => `put:${t}@1`), 'get:0@1', 'list:0',
      ]);
    }
  });

  it('cross-probes a counterexample\'s own tenants: each writes, every other reads and lists; nothing for one tenant', () => {
    const probe = crossProbeArbitrary(['Aa', 'BB'], [{ base: 'k', tokened: true }]);
    expect(probe).toBeDefined();
    if (probe === undefined) return;
    const [drawn] = fc.sample(probe, { numRuns: 1, seed: 1 });
    expect(drawn).toBeDefined();
    if (drawn === undefined) return;
    const [commands, tenants, slots] = drawn;
    expect(tenants).toEqual(['Aa', 'BB']);
    expect(slots).toEqual([{ base: 'k', tokened: false }, { base: 'k', tokened: false }]);
    expect(opsOf(commands)).toEqual(['put:0@0', 'get:1@0', 'list:1', 'put:1@1', 'get:0@1', 'list:0']);
    expect(crossProbeArbitrary(['Aa', 'Aa'], [])).toBeUndefined();
  });

  // Both seeds missed the expected class in the corpus bench before sweeps: trimmedIds seed 2 found
  // nothing in 100 runs; hashedIds seed 5 found only the shared hash bucket (shared storage).
  it.each([['trimmedIds', 2], ['hashedIds', 5]] as const)('shows %s (seed %i) as a read of another tenant\'s value', async (target, seed) => {
    const loaded = await loadConfig(resolve('fixtures/targets/isogate.config.ts'));
    const { result } = await runTargetLeakage(loaded, target, { seed });
    const o = result.outcome;
    expect(o.status).toBe('fail');
    if (o.status !== 'fail') return;
    const leak = o.counterexamples.find((c) => c.finding.class === 'read-leak-value');
    expect(leak, o.counterexamples.map((c) => `${c.finding.class}: ${c.finding.message}`).join('\n')).toBeDefined();
  }, 180_000);
});
