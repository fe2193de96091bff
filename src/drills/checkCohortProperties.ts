import fc from 'fast-check';
import { binomialTolerance, samplesFor } from './binomialTolerance.js';
import type { CohortFunction, CohortQuery, PropertyOutcome } from './CohortFunction.js';

export interface CohortPropertyOptions {
  seed: number;
  /** Runs of each per-user property (determinism, monotonicity, allow-list, zero). */
  numRuns: number;
  /** Runs of each statistical property (share, independence): each costs `samples`+ calls. */
  statisticalRuns: number;
  /** Users per share count; small percentages get more so they are expected ≥ 50 times (0.1%: 50 000). */
  samples: number;
  percentages: readonly number[];
}

const userId = fc.oneof(fc.uuid(), fc.stringMatching(/^[a-z][a-z0-9._@-]{0,30}$/), fc.string({ minLength: 1, maxLength: 40 }));
const flag = fc.oneof(
  fc.constantFrom('TENANT_SCOPED_STATE', 'request_isolation', 'factory_pattern', 'websocket_isolation'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/),
);
const stagePercentage = fc.constantFrom(0, 0.1, 5, 10, 25, 50, 75, 100);
const percentage = fc.oneof(stagePercentage, fc.double({ min: 0, max: 100, noNaN: true }));
const others = fc.array(userId, { maxLength: 3 });

function checked(query: CohortQuery, answer: unknown): boolean {
  if (typeof answer !== 'boolean') throw new Error(`expected a boolean for ${JSON.stringify(query)}, found ${JSON.stringify(answer)}`);
  return answer;
}

async function ask(fn: CohortFunction, query: CohortQuery): Promise<boolean> {
  return checked(query, await fn(query));
}

/** Like ask, without a microtask per call when the function is synchronous: share counts make 10^5 calls. */
function askFast(fn: CohortFunction, query: CohortQuery): boolean | Promise<boolean> {
  const answer = fn(query);
  return answer instanceof Promise ? answer.then((a) => checked(query, a)) : checked(query, answer);
}

/** How many of `n` synthetic users are in each flag's cohort, then how many are in all of them. */
async function count(fn: CohortFunction, n: number, pct: number, flags: readonly string[]): Promise<number[]> {
  const totals = flags.map(() => 0);
  let both = 0;
  for (let i = 0; i < n; i++) {
    const id = `cohort-user-${i}`;
    let all = true;
    for (let f = 0; f < flags.length; f++) {
      const flagName = flags[f] ?? '';
      const pending = askFast(fn, { userId: id, flag: flagName, percentage: pct, allowList: [] });
      const inIt = typeof pending === 'boolean' ? pending : await pending;
      if (inIt) totals[f] = (totals[f] ?? 0) + 1;
      all &&= inIt;
    }
    if (all) both++;
  }
  return [...totals, both];
}

interface RunParams { seed: number; numRuns: number; endOnFailure: boolean }
type RunResult = { failed: false; numRuns: number } | { failed: true; numRuns: number; path: string | null; counterexample: string; message: string };
interface NamedProperty { name: string; runs: number; statistical?: boolean; run(params: RunParams): Promise<RunResult> }

async function runProperty<Ts extends unknown[]>(property: fc.IAsyncProperty<Ts>, params: RunParams): Promise<RunResult> {
  const details = await fc.check(property, params);
  if (!details.failed) return { failed: false, numRuns: details.numRuns };
  const error = details.errorInstance;
  return {
    failed: true, numRuns: details.numRuns, path: details.counterexamplePath,
    counterexample: fc.stringify(details.counterexample),
    message: error instanceof Error ? error.message : String(error),
  };
}

function properties(fn: CohortFunction, o: CohortPropertyOptions): NamedProperty[] {
  const deterministic = fc.asyncProperty(userId, flag, percentage, others, async (u, f, p, a) => {
    const first = await ask(fn, { userId: u, flag: f, percentage: p, allowList: a });
    const again = await ask(fn, { userId: u, flag: f, percentage: p, allowList: [...a] });
    if (first !== again) throw new Error(`user ${JSON.stringify(u)} on ${f} at ${p}%: ${first} then ${again}`);
  });
  const monotone = fc.asyncProperty(userId, flag, fc.array(percentage, { maxLength: 4 }), async (u, f, extra) => {
    const ladder = [...new Set([0.1, 1, 5, 10, 25, 50, 75, 100, ...extra])].sort((x, y) => x - y);
    let inAt: number | undefined;
    for (const p of ladder) {
      const inIt = await ask(fn, { userId: u, flag: f, percentage: p });
      if (inIt) inAt ??= p;
      else if (inAt !== undefined) throw new Error(`user ${JSON.stringify(u)} on ${f} is in at ${inAt}% but out at ${p}%`);
    }
  });
  const share = fc.asyncProperty(flag, async (f) => {
    for (const pct of o.percentages) {
      const p = pct / 100;
      const n = samplesFor(p, o.samples);
      const [inCount = 0] = await count(fn, n, pct, [f]);
      const tolerance = binomialTolerance(n, p);
      if (Math.abs(inCount - n * p) > tolerance) {
        throw new Error(`on ${f} at ${pct}%: ${inCount} of ${n} users in, expected ${(n * p).toFixed(1)} ± ${tolerance.toFixed(1)}`);
      }
    }
  });
  const independent = fc.asyncProperty(flag, flag, async (f, g) => {
    fc.pre(f !== g);
    for (const pct of [10, 50]) {
      const n = o.samples;
      const [a = 0, b = 0, both = 0] = await count(fn, n, pct, [f, g]);
      const q = (a / n) * (b / n);
      const tolerance = binomialTolerance(n, q);
      if (Math.abs(both - n * q) > tolerance) {
        throw new Error(`at ${pct}%, ${both} of ${n} users are in both ${f} and ${g}, expected ${(n * q).toFixed(1)} ± ${tolerance.toFixed(1)} if the cohorts were independent`);
      }
    }
  });
  const allowListed = fc.asyncProperty(userId, flag, percentage, others, async (u, f, p, a) => {
    if (!(await ask(fn, { userId: u, flag: f, percentage: p, allowList: [...a, u] }))) {
      throw new Error(`allow-listed user ${JSON.stringify(u)} is out of ${f} at ${p}%`);
    }
  });
  const zero = fc.asyncProperty(userId, flag, others, async (u, f, a) => {
    fc.pre(!a.includes(u));
    if (await ask(fn, { userId: u, flag: f, percentage: 0, allowList: a })) throw new Error(`user ${JSON.stringify(u)} is in ${f} at 0%`);
  });
  return [
    { name: 'deterministic', runs: o.numRuns, run: (p) => runProperty(deterministic, p) },
    { name: 'monotone', runs: o.numRuns, run: (p) => runProperty(monotone, p) },
    { name: 'share-within-binomial-tolerance', runs: o.statisticalRuns, statistical: true, run: (p) => runProperty(share, p) },
    { name: 'independent-across-flags', runs: o.statisticalRuns, statistical: true, run: (p) => runProperty(independent, p) },
    { name: 'allow-listed-always-in', runs: o.numRuns, run: (p) => runProperty(allowListed, p) },
    { name: 'zero-percent-means-nobody', runs: o.numRuns, run: (p) => runProperty(zero, p) },
  ];
}

/** Runs every cohort property; each gets its own seed (derived from o.seed) so one can be replayed alone. */
export async function checkCohortProperties(fn: CohortFunction, o: CohortPropertyOptions): Promise<PropertyOutcome[]> {
  const outcomes: PropertyOutcome[] = [];
  for (const [i, { name, runs, statistical, run }] of properties(fn, o).entries()) {
    const seed = (o.seed + i) | 0;
    // Statistical properties do not shrink usefully: stop at the first failing flag.
    const result = await run({ seed, numRuns: runs, endOnFailure: statistical === true });
    outcomes.push(result.failed
      ? { property: name, status: 'fail', runs: result.numRuns, seed, path: result.path, counterexample: result.counterexample, message: result.message }
      : { property: name, status: 'pass', runs: result.numRuns, seed });
  }
  return outcomes;
}
