import type { Evidence } from '../evidence/index.js';
import type { LeakCounterexample, LeakResult } from './runLeakScenario.js';
import type { SearchFocus } from './SearchFocus.js';

export interface LeakRunContext {
  readonly configPath: string;
  readonly targetName: string;
  readonly kind: 'module' | 'http';
  readonly budget: Readonly<Record<string, unknown>>;
  readonly startedAt: string;
  readonly faultEnv: string | undefined;
}

/**
 * The ready-to-paste vitest lines that replay a counterexample with fast-check's `test.prop`.
 * They import only the package's public `isogate/vitest` entry, so they run in a user's project.
 */
export function testPropLines(ctx: LeakRunContext, seed: number, path: string, replayPath: string | undefined, focus?: SearchFocus): string[] {
  // A counterexample of a focused round is drawn from the arbitrary around its focus.
  const arbitrary = focus === undefined ? 's.arbitrary' : `s.focused?.(${JSON.stringify(focus)}) ?? s.arbitrary`;
  const opts = replayPath === undefined ? '' : `, { replayPath: ${JSON.stringify(replayPath)} }`;
  return [
    `import { afterAll } from 'vitest';`,
    `import { openLeakScenarioFromConfig, test } from 'isogate/vitest';`,
    ...(ctx.faultEnv === undefined ? [] : [`process.env.ISOGATE_FAULT = ${JSON.stringify(ctx.faultEnv)};`]),
    `const s = await openLeakScenarioFromConfig(${JSON.stringify(ctx.configPath)}, ${JSON.stringify(ctx.targetName)}${opts});`,
    `afterAll(() => s.close());`,
    `test.prop([${arbitrary}], { seed: ${seed}, path: ${JSON.stringify(path)}, endOnFailure: true })(${JSON.stringify(`${ctx.targetName}: no cross-tenant leak (replay)`)}, (v) => s.property(v));`,
  ];
}

/** One 'leakage' evidence record (docs/architecture.md, "Evidence") for one target. */
export function leakEvidence(ctx: LeakRunContext, result: LeakResult): Evidence {
  const o = result.outcome;
  const all = o.status === 'fail' ? o.counterexamples : [];
  const classes = all.map((c) => c.finding.class);
  const metrics: Record<string, number> = {
    isolationScore: result.score.score,
    leaks: result.score.leaking,
    crossTenantObservations: result.score.observations,
    leakRateUpperBound95: result.score.leakRateUpperBound95,
    contractViolations: classes.includes('contract') ? 1 : 0,
    // Own data lost or wrong (by another tenant, or with none involved): what gates call model violations.
    modelViolations: classes.filter((c) => c === 'functional' || c === 'cross-tenant-delete' || c === 'cross-tenant-write').length,
    functionalViolations: classes.includes('functional') ? 1 : 0,
    findingClasses: classes.length,
    keyspaceViolations: result.keyspaceViolations,
    runs: result.runs,
    operations: result.operations,
    unknownOutcomes: result.unknownOutcomes,
    opsPerSecond: Math.round(result.opsPerSecond),
  };
  if (o.status === 'fail') {
    metrics['counterexampleLength'] = o.counterexample.length;
    metrics['runsToFailure'] = o.counterexample.runsToFailure;
    // A leak found is at least one leaking observation, even if it was seen by a check with no tally.
    if (classes.some((c) => c !== 'contract' && c !== 'functional')) metrics['leaks'] = Math.max(1, result.score.leaking);
  }
  const details: Record<string, unknown> = {
    kind: ctx.kind,
    configPath: ctx.configPath,
    targetName: ctx.targetName,
    faultEnv: ctx.faultEnv ?? null,
    budget: ctx.budget,
    space: result.space,
    keysChecked: result.keysChecked,
    targetOutput: result.targetOutput,
    summary: o.status === 'pass'
      ? `no leak in ${result.runs} runs (${result.operations} operations, ${result.score.observations} cross-tenant observations; leak rate < ${(result.score.leakRateUpperBound95 * 100).toFixed(2)}% at 95%)`
      : o.status === 'fail' ? all.map((c) => `${c.finding.class}: ${c.finding.message}`).join('\n') : o.message,
  };
  if (o.status === 'fail') {
    const record = (c: LeakCounterexample): Record<string, unknown> => ({
      seed: c.seed, path: c.path, replayPath: c.replayPath ?? null, story: c.story, finding: c.finding, findingClass: c.finding.class,
      ignored: c.ignored, ...(c.focus === undefined ? {} : { focus: c.focus }), tenants: c.tenants, interleaving: c.interleaving, length: c.length, commands: c.commands, shrinks: c.shrinks,
      history: c.history.map((e) => ({ type: e.type, process: e.process, f: e.f, value: e.value, step: e.step })),
      runsToFailure: c.runsToFailure, msToFirstFailure: c.msToFirstFailure, minimality: c.minimality,
      testProp: testPropLines(ctx, c.seed, c.path, c.replayPath, c.focus),
    });
    details['findingClasses'] = classes;
    details['counterexample'] = record(o.counterexample);
    details['counterexamples'] = all.map(record);
  }
  return {
    check: 'leakage',
    target: ctx.targetName,
    status: o.status,
    metrics,
    details,
    seed: result.seed,
    startedAt: ctx.startedAt,
    durationMs: result.durationMs,
    artifacts: [],
  };
}
