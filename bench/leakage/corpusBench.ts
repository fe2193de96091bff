// The corpus of external targets (fixtures/targets): per buggy target, over N seeds with the default
// budget: how many seeds caught it with its expected class (among every class the search reported),
// the classes found, median runs and seconds to the counterexample of the expected class (from the
// target's start), its length after the local-minimum check (median / max); per
// control, false alarms over M seeds; the median time to catch over every caught (target, seed);
// the load average at the start and at the end (the machine may be shared).
// Each target's row is printed as soon as it finishes and the summary is reprinted after every
// target, so a run cut short keeps everything it measured.
// Arguments (after `--`): --seeds N (buggy targets, default 10), --control-seeds M (default 20),
// --targets a,b (default all, in the order given), --first-seed S (default 1: seeds S to S+N-1, so a
// run cut short can be finished by another); env BENCH_CORPUS_SEEDS, BENCH_CONTROL_SEEDS,
// BENCH_TARGETS, BENCH_FIRST_SEED too.
// Imported by bench.ts (--part corpus, or BENCH_PART=corpus, runs only this).
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { CORPUS_TARGETS } from '../../fixtures/targets/index.js';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** `--name value` from argv, else the environment variable, else the default. */
export function benchArg(name: string, env: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const fromArgv = i >= 0 ? process.argv[i + 1] : undefined;
  return fromArgv ?? process.env[env] ?? fallback;
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

export async function corpusBench(): Promise<void> {
  const seedsBuggy = Number(benchArg('seeds', 'BENCH_CORPUS_SEEDS', '10'));
  const seedsControl = Number(benchArg('control-seeds', 'BENCH_CONTROL_SEEDS', '20'));
  const firstSeed = Number(benchArg('first-seed', 'BENCH_FIRST_SEED', '1'));
  const onlyArg = benchArg('targets', 'BENCH_TARGETS', '');
  const only = onlyArg === '' ? undefined : onlyArg.split(',');
  const loaded = await loadConfig(resolve('fixtures/targets/isogate.config.ts'));
  const catchSeconds: number[] = [];
  let alarmsTotal = 0;
  let controlRuns = 0;
  let buggyDone = 0;
  let buggyFull = 0;
  const t0 = Date.now();
  console.log(`\nleakage engine on the corpus of external targets (fixtures/targets), default budget, seeds from ${firstSeed}; load average at start: ${load()}\n`);
  console.log(`| target | kind | expected class | caught as expected / false alarms | classes reported (seeds) | median runs to expected | median s to the expected class | shrunk ops (median / max; local minimum shown) | seconds (all seeds) |`);
  console.log('|---|---|---|---|---|---|---|---|---|');
  // In the order `--targets` names them (a part run measures what matters most first), else the manifest's.
  const chosen = only === undefined ? CORPUS_TARGETS : only.flatMap((name) => CORPUS_TARGETS.filter((t) => t.name === name));
  for (const t of chosen) {
    const n = t.kind === 'control' ? seedsControl : seedsBuggy;
    const runs: number[] = [];
    const secs: number[] = [];
    const lens: number[] = [];
    const classCounts = new Map<string, number>();
    let caught = 0;
    let minimal = 0;
    let alarms = 0;
    const started = Date.now();
    for (let seed = firstSeed; seed < firstSeed + n; seed++) {
      const { result } = await runTargetLeakage(loaded, t.name, { seed });
      const o = result.outcome;
      if (t.kind === 'control') controlRuns++;
      const took = `${(result.durationMs / 1000).toFixed(1)} s`;
      if (o.status !== 'fail') {
        process.stderr.write(`  ${t.kind === 'buggy' ? 'MISSED' : 'ok'} ${t.name} seed ${seed}: ${o.status}${o.status === 'error' ? ` (${o.message})` : ''}, ${result.runs} runs, ${took}\n`);
        continue;
      }
      const classes = o.counterexamples.map((c) => c.finding.class);
      for (const c of new Set(classes)) classCounts.set(c, (classCounts.get(c) ?? 0) + 1);
      if (t.kind === 'control') {
        alarms++;
        process.stderr.write(`  FALSE ALARM ${t.name} seed ${seed}: ${classes.join(', ')}: ${o.counterexample.finding.message}\n`);
        continue;
      }
      const hit = o.counterexamples.find((c) => c.finding.class === t.expected);
      if (hit === undefined) {
        process.stderr.write(`  WRONG CLASS ${t.name} seed ${seed}: ${classes.join(', ')} (${took}): ${o.counterexample.finding.message}\n`);
        continue;
      }
      process.stderr.write(`  caught ${t.name} seed ${seed}: ${classes.join(', ')}; expected after ${hit.runsToFailure} runs and ${(hit.msToFirstFailure / 1000).toFixed(2)} s; ${took}\n`);
      caught++;
      if (hit.minimality.minimal) minimal++;
      runs.push(hit.runsToFailure);
      secs.push(hit.msToFirstFailure / 1000);
      catchSeconds.push(hit.msToFirstFailure / 1000);
      lens.push(hit.minimality.length);
    }
    const classes = [...classCounts].map(([c, k]) => `${c} ×${k}`).join(', ') || '-';
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (t.kind === 'control') {
      alarmsTotal += alarms;
      console.log(`| ${t.name} | control${t.library === undefined ? '' : ` (${t.library})`} | - | ${alarms}/${n} false alarms | ${classes} | - | - | - | ${seconds} |`);
    } else {
      buggyDone++;
      if (caught === n) buggyFull++;
      console.log(`| ${t.name} | buggy | ${t.expected} | ${caught}/${n} | ${classes} | ${median(runs)} | ${median(secs).toFixed(2)} | ${median(lens)} / ${lens.length === 0 ? '-' : Math.max(...lens)}; ${minimal}/${caught} minimal | ${seconds} |`);
    }
    // The summary so far, after every target: a run cut short still says what it measured.
    process.stderr.write(`  so far: ${buggyFull}/${buggyDone} buggy targets caught as expected on every seed; median time to catch ${median(catchSeconds).toFixed(2)} s over ${catchSeconds.length} catches; false alarms ${alarmsTotal} of ${controlRuns} control runs; ${((Date.now() - t0) / 1000).toFixed(0)} s; load average ${load()}\n`);
  }
  console.log(`\nbuggy targets caught with the expected class on every seed: ${buggyFull} of ${buggyDone}; median time to catch (to the expected class, every caught target and seed): ${median(catchSeconds).toFixed(2)} s over ${catchSeconds.length} catches; false alarms on controls: ${alarmsTotal} of ${controlRuns} runs; ${((Date.now() - t0) / 1000).toFixed(0)} s; load average at end: ${load()}`);
}
