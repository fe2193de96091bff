// npm run bench:load -- [--runs N] [--aa-runs N] [--slow-runs N] [--seconds 36] [--pairs 3] [--rounds 1] [--levels 10,5] [--warmup 2]
//                       [--connections 6] [--utilisation 0.3] [--rps N] [--block-ms 250] [--min-samples 500]
//                       [--driver-seconds 5] [--driver-repeats 2] [--skip aa,slow,driver]
// A/A false NO-GO rate and interval coverage, slow-path detection at P50 and P95 (nominal vs
// measured effect), and the driver's req/s vs autocannon's CLI. N runs per series: --runs or
// ISOGATE_BENCH_RUNS, default 3 (a smoke run on a shared machine); the goals are judged at 50. Every run is `--pairs` fresh
// process pairs (see measureFreshPair), combined as random-effects intervals, as `isogate load`
// does with load.pairs; `--seconds` is the load per arm of one whole run.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { analyseLoad, loadConfigSchema, mergePairs, wilsonInterval, type LoadAnalysis, type Measurement } from '../../src/load/index.js';
import { startLocalRedisServer } from '../../src/redis/index.js';
import { benchDriver } from './benchDriver.js';
import { measureFreshPair, measureFreshPairs } from './measureFreshPair.js';

const FULL_RUNS = 50;
const { values } = parseArgs({ options: {
  runs: { type: 'string', default: process.env.ISOGATE_BENCH_RUNS ?? '3' }, 'aa-runs': { type: 'string' }, 'slow-runs': { type: 'string' }, seconds: { type: 'string', default: '36' },
  rounds: { type: 'string', default: '1' }, levels: { type: 'string', default: '10,5' }, pairs: { type: 'string', default: '3' }, 'driver-seconds': { type: 'string', default: '5' },
  'driver-repeats': { type: 'string', default: '2' }, skip: { type: 'string', default: '' }, rps: { type: 'string' }, connections: { type: 'string', default: '40' },
  warmup: { type: 'string', default: '2' }, utilisation: { type: 'string', default: '0.3' }, 'block-ms': { type: 'string', default: '250' },
  'min-samples': { type: 'string', default: '500' },
} });
const aaRuns = Number(values['aa-runs'] ?? values.runs);
const slowRuns = Number(values['slow-runs'] ?? values.runs);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const pairs = Math.max(1, Number(values.pairs));
const levels = (values.levels ?? '').split(',').filter((s) => s !== '').map(Number);
const skip = new Set((values.skip ?? '').split(','));

/** The engine's settings for every run: 10% limits, no absolute floor (so its raw power shows). */
const config = loadConfigSchema.parse({
  mode: 'duet', rounds, roundSeconds: seconds / rounds / pairs, warmupSeconds: Number(values.warmup), probeSeconds: 1.5,
  pacing: { connectionsPerArm: Number(values.connections), utilisation: Number(values.utilisation), ...(values.rps === undefined ? {} : { rps: Number(values.rps) }) },
  criteria: { p50: { maxIncrease: 0.1, floorMs: 0 }, p95: { maxIncrease: 0.1, floorMs: 0 } },
  stats: { resamples: 1000, minSamples: Number(values['min-samples']), blockMs: Number(values['block-ms']) },
});

interface RunOutcome { status: LoadAnalysis['status']; p95: number; lo: number; hi: number; mde: number; problems: number; fewSamples: boolean;
  samples: number; baseP95Us: number; candP95Us: number;
  p50: number; lo50: number; hi50: number; p95Status: string; p50Status: string }

const pct = (x: number, d = 1): string => `${(100 * x).toFixed(d)}%`;
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] as number); };
const rate = (k: number, n: number): string => { const w = wilsonInterval(k, n); return `${k}/${n} = ${pct(w.estimate)} [${pct(w.lo)}, ${pct(w.hi)}]`; };
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(', ');

function outcome(ms: readonly Measurement[], seed: number): RunOutcome {
  const m = mergePairs(ms);
  const a = analyseLoad(m.baseline, m.candidate, { stats: config.stats, criteria: config.criteria, paired: true, seed, problems: m.problems,
    pairs: ms.map((x) => ({ baseline: x.baseline, candidate: x.candidate })) });
  const [p50, p95] = a.latency;
  return { status: a.status, p50: p50?.ratio.ratio ?? Number.NaN, lo50: p50?.ratio.lo ?? Number.NaN, hi50: p50?.ratio.hi ?? Number.NaN,
    p95Status: m.problems.length > 0 ? 'inconclusive' : p95?.outcome.status ?? 'inconclusive', p50Status: m.problems.length > 0 ? 'inconclusive' : p50?.outcome.status ?? 'inconclusive', p95: p95?.ratio.ratio ?? Number.NaN, lo: p95?.ratio.lo ?? Number.NaN, hi: p95?.ratio.hi ?? Number.NaN,
    mde: p95?.minDetectableEffect ?? Number.NaN, problems: m.problems.length, fewSamples: Math.min(a.samples.baseline, a.samples.candidate) < config.stats.minSamples,
    samples: Math.min(a.samples.baseline, a.samples.candidate), baseP95Us: p95?.ratio.baselineUs ?? Number.NaN, candP95Us: p95?.ratio.candidateUs ?? Number.NaN };
}

const started = Date.now();
await using redis = await startLocalRedisServer();
let runNo = 0;
/** Wall time of every measured run (fresh pairs included), for the projection of a full bench. */
const runWallMs: number[] = [];
/** What the goals are judged on, collected as the series finish. */
const goals: string[] = [];
const verdict = (ok: boolean, n: number): string => (n < FULL_RUNS ? `${ok ? 'on track' : 'NOT on track'} (only ${n} runs; the goal is judged at ${FULL_RUNS})` : ok ? 'MET' : 'NOT MET');

async function series(runs: number, rps: number, label: string, candidateFaults?: string): Promise<RunOutcome[]> {
  const out: RunOutcome[] = [];
  const runConfig = { ...config, probeSeconds: 0, pacing: { ...config.pacing, rps } };
  for (let i = 0; i < runs; i++) {
    const seed = 1000 + i;
    const t0 = Date.now();
    const m = await measureFreshPairs({ config: runConfig, redisUrl: redis.url, runId: `r${++runNo}`, candidateFaults, seed, pairs });
    const o = outcome(m, seed);
    runWallMs.push(Date.now() - t0);
    out.push(o);
    process.stderr.write(`${label} run ${i + 1}/${runs}: ${o.status} P95 ratio ${o.p95.toFixed(3)} [${o.lo.toFixed(3)}, ${o.hi.toFixed(3)}] n=${o.samples}` +
      `${o.problems > 0 ? ` (${o.problems} self-check problems)` : ''} load ${load()}\n`);
  }
  return out;
}

const inconclusive = (os: RunOutcome[]): string => {
  const unsure = os.filter((o) => o.status === 'inconclusive');
  return `${unsure.length} (below min samples ${unsure.filter((o) => o.fewSamples).length}, self-check problems ${unsure.filter((o) => o.problems > 0).length})`;
};

// Each section prints as soon as it is done, so a run cut short still leaves its finished tables.
const lines = { push: (...xs: string[]): void => { for (const x of xs) console.log(x); } };
lines.push(`machine at start: load average ${load()} (1, 5, 15 min)`);
// Probe once on a fresh pair: every run then asks the same rate, so runs differ only by noise and the fault.
const probe = await measureFreshPair({ config: { ...config, rounds: 1, roundSeconds: 1 }, redisUrl: redis.url, runId: 'probe', seed: 1 });
const rps = config.pacing.rps === 'auto' ? probe.placement.askedRpsPerArm : config.pacing.rps;
lines.push(`placement: ${probe.placement.cores} cores (${probe.placement.cpuModel}), load avg ${probe.placement.loadAverage1m.toFixed(1)}, duet, ` +
  `${config.pacing.connectionsPerArm} connections/arm, probe ${probe.placement.probeRpsPerArm?.toFixed(0) ?? '-'} req/s/arm closed-loop, asked ${rps.toFixed(0)} req/s/arm; ` +
  `every run: ${pairs} fresh pair(s) one after another, each with the same ${config.warmupSeconds} s warm-up for both arms, then ${rounds} round(s) x ${config.roundSeconds.toFixed(1)} s; ${seconds} s of load per arm per run; ` +
  `intervals: ${pairs > 1 ? 'random effects across pairs' : 'one pair'}; limits P50/P95 +10%, floor 0 ms, 95% CI, ${config.stats.resamples} paired block resamples (${config.stats.blockMs} ms blocks), min ${config.stats.minSamples} samples/arm`);
let baseP95Us = probe.baseline.latencyUs.length > 0 ? outcome([probe], 1).baseP95Us : Number.NaN;
if (!skip.has('aa') && aaRuns > 0) {
  const aa = await series(aaRuns, rps, 'A/A');
  baseP95Us = median(aa.map((o) => o.baseP95Us));
  lines.push('', '| A/A (same build, both arms fresh every run) | value |', '|---|---|',
    `| runs x seconds of load | ${aaRuns} x ${seconds} s |`,
    `| false NO-GO (fail) | ${rate(aa.filter((o) => o.status === 'fail').length, aa.length)} |`,
    `| pass (GO) | ${rate(aa.filter((o) => o.status === 'pass').length, aa.length)} |`,
    `| inconclusive | ${inconclusive(aa)} |`,
    `| P95 interval covers 1 (nominal 95%) | ${rate(aa.filter((o) => o.lo <= 1 && o.hi >= 1).length, aa.filter((o) => Number.isFinite(o.lo)).length)} |`,
    `| P50 interval covers 1 (nominal 95%) | ${rate(aa.filter((o) => o.lo50 <= 1 && o.hi50 >= 1).length, aa.filter((o) => Number.isFinite(o.lo50)).length)} |`,
    `| P95 intervals wholly above 1 / wholly below 1 | ${aa.filter((o) => o.lo > 1).length} / ${aa.filter((o) => o.hi < 1).length} |`,
    `| samples per arm (median, min) | ${median(aa.map((o) => o.samples))}, ${Math.min(...aa.map((o) => o.samples))} |`,
    `| median P95 ratio [median lo, median hi] | ${median(aa.map((o) => o.p95)).toFixed(3)} [${median(aa.map((o) => o.lo)).toFixed(3)}, ${median(aa.map((o) => o.hi)).toFixed(3)}] |`,
    `| median minimum detectable P95 effect | ${pct(median(aa.map((o) => o.mde)))} |`,
    `| baseline P95 (median over runs) | ${(baseP95Us / 1000).toFixed(3)} ms |`,
    `| machine after A/A | load average ${load()} |`);
  const falseNoGo = aa.filter((o) => o.status === 'fail').length;
  const covered = aa.filter((o) => o.lo <= 1 && o.hi >= 1).length;
  goals.push(`| A/A false NO-GO = 0 in ${FULL_RUNS} | ${falseNoGo}/${aa.length} | ${verdict(falseNoGo === 0, aa.length)} |`,
    `| A/A P95 interval coverage of 1 >= 95% | ${rate(covered, aa.length)} | ${verdict(covered / aa.length >= 0.95, aa.length)} |`);
}
if (!skip.has('slow') && slowRuns > 0 && levels.length > 0) {
  lines.push('', '| slow-path nominal | knob | runs | baseline P95 (median) | MEASURED P95 ratio (median) | MEASURED P50 ratio (median) | P95 detected (CI lo > 1) | P95 NO-GO at +10% | P50 detected (CI lo > 1) | P50 NO-GO at +10% | GO (verdict under the +10% limit) | inconclusive | median P95 MDE |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const detectedAt: Array<{ level: number; share: number; measured: number }> = [];
  for (const level of levels) {
    // The percentage knob lengthens each request's downstream wait by that share of the request's
    // cost: a wait of known size, not CPU that contends with the other arm. Measured beside nominal.
    const knob = `slow-path=${level}%`;
    const runs = await series(slowRuns, rps, `slow ${level}%`, knob);
    const detected = runs.filter((o) => o.lo > 1).length;
    const measured = median(runs.map((o) => o.p95));
    detectedAt.push({ level, share: detected / runs.length, measured });
    const goal = level >= 10 ? 0.9 : level >= 5 ? 0.5 : undefined;
    // "Seen" is the regression detected (the P95 ratio's interval wholly above 1). A NO-GO against
    // the +10% limit cannot be the measure: a real +10% sits on that limit by construction.
    if (goal !== undefined) {
      goals.push(`| +${level}% P95 fault seen (CI lo > 1) >= ${pct(goal, 0)}, runs of ${seconds} s <= 60 s | ${rate(detected, runs.length)} | ${verdict(detected / runs.length >= goal && seconds <= 60, runs.length)} |`);
    }
    goals.push(`| slow-path=${level}% real size = nominal | measured P95 ratio ${measured.toFixed(3)}, P50 ratio ${median(runs.map((o) => o.p50)).toFixed(3)} (nominal ${(1 + level / 100).toFixed(3)}) | ${runs.length < FULL_RUNS ? `not judged (only ${runs.length} runs; judged at ${FULL_RUNS})` : Math.abs(measured - 1 - level / 100) <= level / 400 ? 'matches (within a quarter of the effect)' : 'DOES NOT match: calibrate the knob'} |`);
    lines.push(`| +${level}% | ${knob} | ${runs.length} x ${seconds} s | ${(median(runs.map((o) => o.baseP95Us)) / 1000).toFixed(2)} ms | ${measured.toFixed(3)} | ${median(runs.map((o) => o.p50)).toFixed(3)} | ${rate(detected, runs.length)} | ` +
      `${rate(runs.filter((o) => o.p95Status === 'fail').length, runs.length)} | ${rate(runs.filter((o) => o.lo50 > 1).length, runs.length)} | ${rate(runs.filter((o) => o.p50Status === 'fail').length, runs.length)} | ` +
      `${runs.filter((o) => o.status === 'pass').length} | ${inconclusive(runs)} | ${pct(median(runs.map((o) => o.mde)))} |`);
  }
  const smallest = detectedAt.filter((d) => d.share >= 0.9).sort((a, b) => a.level - b.level)[0];
  lines.push('', `smallest nominal level detected in >= 90% of runs: ${smallest === undefined ? 'none of the levels run' : `+${smallest.level}% (measured P95 ratio ${smallest.measured.toFixed(3)})`}`,
    `machine after slow-path: load average ${load()}`);
}
if (!skip.has('driver')) {
  const d = await benchDriver(10, Number(values['driver-seconds']), Number(values['driver-repeats']));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  lines.push('', '| driver vs autocannon CLI (trivial loopback server, own process) | req/s |', '|---|---|',
    `| isogate driveLoad, ${d.connections} connections, ${d.seconds} s x ${d.isogateRps.length} | ${d.isogateRps.map((x) => x.toFixed(0)).join(', ')} (mean ${mean(d.isogateRps).toFixed(0)}) |`,
    `| autocannon CLI, ${d.connections} connections, ${d.seconds} s x ${d.autocannonRps.length} | ${d.autocannonRps.map((x) => x.toFixed(0)).join(', ')} (mean ${mean(d.autocannonRps).toFixed(0)}) |`,
    `| ratio isogate / autocannon | ${(mean(d.isogateRps) / mean(d.autocannonRps)).toFixed(2)} |`);
}
if (goals.length > 0) lines.push('', '| goal (issue: quiet machine) | measured | verdict |', '|---|---|---|', ...goals);
if (runWallMs.length > 0) {
  const perRun = runWallMs.reduce((a, b) => a + b, 0) / runWallMs.length / 1000;
  const fullRuns = FULL_RUNS * (1 + levels.length);
  lines.push('', `a full bench (${FULL_RUNS} A/A runs + ${FULL_RUNS} runs at each of ${levels.length} slow-path level(s), ${seconds} s of load per run) would take about ` +
    `${fullRuns} x ${perRun.toFixed(0)} s = ${(fullRuns * perRun / 60).toFixed(0)} min at this machine's pace (measured ${perRun.toFixed(0)} s per run here, start-ups included)`);
}
lines.push('', `bench wall time ${((Date.now() - started) / 1000).toFixed(0)} s; command: npm run bench:load -- ${process.argv.slice(2).join(' ')}`);
