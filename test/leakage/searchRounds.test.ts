import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FindingFilter, LeakFindingError, type FindingClass } from '../../src/leakage/LeakFinding.js';
import { emptyScenarioStats } from '../../src/leakage/ScenarioStats.js';
import type { LeakScenario } from '../../src/leakage/StoreScenario.js';
import type { SearchFocus } from '../../src/leakage/SearchFocus.js';
import { extensionJoin, focusedSlotsArbitrary, focusedTenantsArbitrary } from '../../src/leakage/TenantSpace.js';
import { runLeakScenario } from '../../src/leakage/runLeakScenario.js';

const SEED = Number(process.env['ISOGATE_TEST_SEED'] ?? 5);

/**
 * The search loop on a scenario whose "store" is a rule over the drawn story (the rounds, not
 * Redis, are under test): a story of numbers fails as `cross-tenant-write` when it holds both
 * 5 and 7, and as `read-leak-value` when it holds 5 without 7, so shrinking the first by removing
 * the 7 would turn it into the second class.
 */
function ruleScenario(classify: (story: number[], focus: SearchFocus | undefined) => FindingClass | undefined): LeakScenario<[number[], SearchFocus | undefined]> {
  const stats = emptyScenarioStats();
  const filter = new FindingFilter();
  const story = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 12 });
  const scenario: LeakScenario<[number[], SearchFocus | undefined]> = {
    arbitrary: story.map((s): [number[], SearchFocus | undefined] => [s, undefined]),
    focused: (focus) => story.map((s): [number[], SearchFocus | undefined] => [s, focus]),
    space: {}, stats, filter, lastFailure: undefined,
    property: ([numbers, focus]) => {
      stats.runs++;
      if (stats.firstFailureAt === undefined) stats.searchRuns++;
      const cls = classify(numbers, focus);
      if (cls === undefined) return Promise.resolve();
      try {
        filter.raise({ class: cls, message: `story ${JSON.stringify(numbers)}`, step: 1 });
      } catch (error) {
        stats.firstFailureAt ??= 1;
        scenario.lastFailure = { run: stats.runs, tenants: [String(numbers[0] ?? '')], slots: [], finding: (error as LeakFindingError).finding, history: [], steps: numbers.length, commands: JSON.stringify(numbers) };
        return Promise.reject(error);
      }
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return scenario;
}

describe('search rounds', () => {
  it('keeps the class of the story it found while shrinking it', async () => {
    const scenario = ruleScenario((s) => (s.includes(5) && s.includes(7) ? 'cross-tenant-write' : s.includes(5) ? 'read-leak-value' : undefined));
    const r = await runLeakScenario('rule', scenario, { runs: 200, seed: SEED, firstOnly: true });
    expect(r.outcome.status).toBe('fail');
    if (r.outcome.status !== 'fail') return;
    const c = r.outcome.counterexample;
    // Whatever class the first failing story had, the counterexample is its shrunk form, of that class.
    const shrunk = JSON.parse(c.commands) as number[];
    expect(c.finding.class === 'cross-tenant-write' ? shrunk.includes(7) : !shrunk.includes(7)).toBe(true);
    expect(shrunk).toContain(5);
  });

  it('gives each counterexample a focused round, recorded in the next counterexample it finds', async () => {
    // The second class shows only in stories drawn around a focus whose tenant is "5".
    const scenario = ruleScenario((s, focus) => (focus?.tenants[0] === '5' && s.includes(3) ? 'cross-tenant-delete' : s.includes(5) ? 'read-leak-value' : undefined));
    const r = await runLeakScenario('rule', scenario, { runs: 200, seed: SEED });
    expect(r.outcome.status).toBe('fail');
    if (r.outcome.status !== 'fail') return;
    expect(r.outcome.counterexamples.map((c) => c.finding.class)).toEqual(['read-leak-value', 'cross-tenant-delete']);
    const [first, second] = r.outcome.counterexamples;
    expect(first?.focus).toBeUndefined();
    expect(second?.focus?.tenants).toEqual(['5']);
    // Replayed with its focus, the second counterexample fails the same way again.
    const again = ruleScenario((s, focus) => (focus?.tenants[0] === '5' && s.includes(3) ? 'cross-tenant-delete' : s.includes(5) ? 'read-leak-value' : undefined));
    const replay = await runLeakScenario('rule', again, {
      runs: 1, seed: second?.seed ?? 0, path: second?.path ?? '', ignore: second?.ignored ?? [], ...(second?.focus === undefined ? {} : { focus: second.focus }),
    });
    expect(replay.outcome.status === 'fail' ? replay.outcome.counterexample.finding.class : replay.outcome.status).toBe('cross-tenant-delete');
  });
});

describe('stories drawn around a focus', () => {
  it('start with the focus tenants, stay inside the declared pattern, and reach their relatives', () => {
    const space = { pattern: /^[A-Za-z0-9]{1,16}$/ };
    const drawn = fc.sample(focusedTenantsArbitrary(space, ['Acme'], 2, 8), { numRuns: 300, seed: SEED });
    for (const ids of drawn) {
      expect(ids[0]).toBe('Acme');
      expect(ids.length).toBeGreaterThanOrEqual(2);
      for (const id of ids) expect(id).toMatch(space.pattern);
    }
    // The id the focus collapses to under lower-casing is among the relatives drawn.
    expect(drawn.filter((ids) => ids.includes('acme')).length).toBeGreaterThan(0);
  });
  it('keep the focus key slots (at most three)', () => {
    const focus = [{ base: 'b:c', tokened: false }, { base: 'c', tokened: false }];
    for (const slots of fc.sample(focusedSlotsArbitrary({ pattern: undefined }, focus), { numRuns: 100, seed: SEED })) {
      expect(slots.slice(0, 2)).toEqual(focus);
      expect(slots.length).toBeLessThanOrEqual(3);
    }
  });
  it('join the keys of an extension pair of the focus so that tenant + separator + key coincide', () => {
    const joined = extensionJoin({ pattern: undefined }, ['o8:p:x', 'z', 'o8:p:x:x'], 0);
    expect(joined?.[0].slice(0, 2)).toEqual(['o8:p:x', 'o8:p:x:x']);
    const [k1, k2] = joined?.[1] ?? [];
    expect(`o8:p:x:${k1?.base ?? ''}`).toBe(`o8:p:x:x:${k2?.base ?? ''}`);
    expect(extensionJoin({ pattern: undefined }, ['acme', 'globex'], 0)).toBeUndefined();
    // A key pattern that admits no separator: no join to try.
    expect(extensionJoin({ pattern: /^[a-z]+$/ }, ['a', 'a:b'], 0)).toBeUndefined();
  });
});
