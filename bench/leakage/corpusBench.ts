// The corpus of external targets (fixtures/targets): per buggy target, over N seeds with the default
// budget: how many seeds caught it with its expected class (among every class the search reported),
// the classes found, median runs to the counterexample of the expected class and seconds to the
// first counterexample (the harness times the first one only),
// shrunk length (median / max); per control, false alarms over M seeds; the median time to catch
// over every caught (target, seed); the load average at the start (the machine may be shared).
// Arguments (after `--`): --seeds N (buggy targets, default 10), --control-seeds M (default 20),
// --targets a,b (default all); env BENCH_CORPUS_SEEDS, BENCH_CONTROL_SEEDS, BENCH_TARGETS too.
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

export async function corpusBench(): Promise<void> {
  const seedsBuggy = Number(benchArg('seeds', 'BENCH_CORPUS_SEEDS', '10'));
  const seedsControl = Number(benchArg('control-seeds', 'BENCH_CONTROL_SEEDS', '20'));
  const onlyArg = benchArg('targets', 'BENCH_TARGETS', '');
  const only = onlyArg === '' ? undefined : onlyArg.split(',');
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const loaded = await loadConfig(resolve('fixtures/targets/isogate.config.ts'));
  const lines: string[] = [];
  const controls: string[] = [];
  const catchSeconds: number[] = [];
  let alarmsTotal = 0;
  let controlRuns = 0;
  for (const t of CORPUS_TARGETS) {
    if (only !== undefined && !only.includes(t.name)) continue;
    const n = t.kind === 'control' ? seedsControl : seedsBuggy;
    const runs: number[] = [];
    const secs: number[] = [];
    const lens: number[] = [];
    const classCounts = new Map<string, number>();
    let caught = 0;
    let alarms = 0;
    const alarmClasses = new Set<string>();
    for (let seed = 1; seed <= n; seed++) {
      const { result } = await runTargetLeakage(loaded, t.name, { seed });
      const o = result.outcome;
      if (t.kind === 'control') controlRuns++;
      if (o.status !== 'fail') {
        if (t.kind === 'buggy') process.stderr.write(`  missed ${t.name} seed ${seed}: ${o.status}\n`);
        continue;
      }
      const classes = o.counterexamples.map((c) => c.finding.class);
      if (t.kind === 'control') {
        alarms++;
        classes.forEach((c) => alarmClasses.add(c));
        process.stderr.write(`  FALSE ALARM ${t.name} seed ${seed}: ${o.counterexample.finding.class}: ${o.counterexample.finding.message}\n`);
        continue;
      }
      for (const c of new Set(classes)) classCounts.set(c, (classCounts.get(c) ?? 0) + 1);
      const hit = o.counterexamples.find((c) => c.finding.class === t.expected);
      if (hit === undefined) {
        process.stderr.write(`  wrong class ${t.name} seed ${seed}: ${classes.join(', ')}: ${o.counterexample.finding.message}\n`);
        continue;
      }
      caught++;
      runs.push(hit.runsToFailure);
      secs.push(hit.msToFirstFailure / 1000);
      catchSeconds.push(hit.msToFirstFailure / 1000);
      lens.push(hit.length);
    }
    if (t.kind === 'control') {
      alarmsTotal += alarms;
      controls.push(`| ${t.name} | ${t.library ?? '-'} | ${alarms}/${n} | ${[...alarmClasses].join(', ') || '-'} |`);
      process.stderr.write(`${t.name}: ${alarms}/${n} false alarms\n`);
    } else {
      const classes = [...classCounts].map(([c, k]) => `${c} ×${k}`).join(', ') || '-';
      lines.push(`| ${t.name} | ${t.expected} | ${caught}/${n} | ${classes} | ${median(runs)} | ${median(secs).toFixed(2)} | ${median(lens)} / ${lens.length === 0 ? '-' : Math.max(...lens)} |`);
      process.stderr.write(`${t.name}: ${caught}/${n} caught as ${t.expected}\n`);
    }
  }
  console.log(`\nleakage engine on the corpus of external targets (fixtures/targets), default budget; load average at start: ${load}\n`);
  console.log(`| buggy target | expected class | caught as expected (${seedsBuggy} seeds) | classes reported (seeds) | median runs to expected | median s to first counterexample | shrunk ops (median / max) |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
  console.log(`\n| control | library | false alarms (${seedsControl} seeds) | classes |`);
  console.log('|---|---|---|---|');
  for (const c of controls) console.log(c);
  console.log(`\nmedian time to catch (first counterexample, every caught target and seed): ${median(catchSeconds).toFixed(2)} s over ${catchSeconds.length} catches; false alarms on controls: ${alarmsTotal} of ${controlRuns} runs`);
}
