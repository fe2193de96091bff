import type { Criterion, StageArms } from './StagePlan.js';

/** The `isogate load` option each latency criterion's limit is passed with. */
function limitFlag(c: Criterion): string | undefined {
  if (c.latency === undefined) return undefined;
  if (c.check === 'load' && c.metric === 'p50Ratio') return '--p50';
  if (c.check === 'load' && c.metric === 'p95Ratio') return '--p95';
  if (c.check === 'noisy-neighbour' && c.metric === 'p95Ratio') return '--noisy-p95';
  return undefined;
}

const num = (x: number): string => String(Number(x.toFixed(6)));

/**
 * The options a stage adds to its `isogate load` run: the arms it compares, and each latency
 * criterion's limit and floor, so the load engine judges with the very limits the gate applies
 * (with two criteria on one quantile, the stricter limit).
 */
export function loadArgs(criteria: readonly Criterion[], arms: StageArms | undefined): string[] {
  const out: string[] = arms === undefined ? [] : ['--candidate', arms.candidate, '--baseline', arms.baseline];
  const limits = new Map<string, { max: number; floor: number }>();
  for (const c of criteria) {
    const flag = limitFlag(c);
    if (flag === undefined || c.latency === undefined) continue;
    const max = c.value - 1;
    const seen = limits.get(flag);
    if (seen === undefined || max < seen.max || (max === seen.max && c.latency.floorMs < seen.floor)) limits.set(flag, { max, floor: c.latency.floorMs });
  }
  for (const [flag, l] of limits) out.push(flag, `${num(Math.max(0, l.max))},${num(l.floor)}`);
  // The error-rate limit too: the load engine judges with it and sizes its run to decide it.
  const errorLimits = criteria.filter((c) => c.check === 'load' && c.metric === 'errorRateDelta').map((c) => c.value);
  if (errorLimits.length > 0) out.push('--error-increase', num(Math.min(...errorLimits)));
  return out;
}

/** The options a stage adds to its `isogate drill` runs: the candidate the drills' fleet starts as. */
export function drillArgs(arms: StageArms | undefined): string[] {
  return arms === undefined ? [] : ['--candidate', arms.candidate];
}

const OWNED = { load: new Set(['--candidate', '--baseline', '--p50', '--p95', '--noisy-p95', '--error-increase']), drill: new Set(['--candidate']) } as const;

/**
 * A load or drill run's argv with the stage's own arms (and, for load, limits after threshold
 * overrides), replacing any given; other runs unchanged.
 */
export function withLoadArgs(argv: readonly string[], criteria: readonly Criterion[], arms: StageArms | undefined): string[] {
  const command = argv[0];
  if (command !== 'load' && command !== 'drill') return [...argv];
  const owned = OWNED[command];
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (owned.has(argv[i] as string)) { i++; continue; }
    kept.push(argv[i] as string);
  }
  return [...kept, ...(command === 'load' ? loadArgs(criteria, arms) : drillArgs(arms))];
}
