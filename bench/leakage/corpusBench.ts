// The corpus of external targets (fixtures/targets): per buggy target, over BENCH_CORPUS_SEEDS
// seeds (default 10) with the default budget: how many seeds caught it with its expected class,
// the class found first, median runs and seconds to the first counterexample, shrunk length
// (median / max); per control, false alarms over BENCH_CONTROL_SEEDS seeds (default 20).
// BENCH_TARGETS=a,b narrows it. Imported by bench.ts (BENCH_PART=corpus runs only this).
import { resolve } from 'node:path';
import { CORPUS_TARGETS } from '../../fixtures/targets/index.js';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export async function corpusBench(): Promise<void> {
  const seedsBuggy = Number(process.env['BENCH_CORPUS_SEEDS'] ?? 10);
  const seedsControl = Number(process.env['BENCH_CONTROL_SEEDS'] ?? 20);
  const only = process.env['BENCH_TARGETS']?.split(',');
  const loaded = await loadConfig(resolve('fixtures/targets/isogate.config.ts'));
  const lines: string[] = [];
  const controls: string[] = [];
  for (const t of CORPUS_TARGETS) {
    if (only !== undefined && !only.includes(t.name)) continue;
    const n = t.kind === 'control' ? seedsControl : seedsBuggy;
    const runs: number[] = [];
    const secs: number[] = [];
    const lens: number[] = [];
    const firstClasses = new Map<string, number>();
    let caught = 0;
    let alarms = 0;
    const alarmClasses = new Set<string>();
    for (let seed = 1; seed <= n; seed++) {
      const { result } = await runTargetLeakage(loaded, t.name, { seed });
      const o = result.outcome;
      if (o.status !== 'fail') continue;
      const classes = o.counterexamples.map((c) => c.finding.class);
      if (t.kind === 'control') {
        alarms++;
        classes.forEach((c) => alarmClasses.add(c));
        process.stderr.write(`  FALSE ALARM ${t.name} seed ${seed}: ${o.counterexample.finding.class}: ${o.counterexample.finding.message}\n`);
        continue;
      }
      const first = o.counterexample;
      firstClasses.set(first.finding.class, (firstClasses.get(first.finding.class) ?? 0) + 1);
      const hit = o.counterexamples.find((c) => c.finding.class === t.expected);
      if (hit !== undefined) caught++;
      runs.push(first.runsToFailure);
      secs.push(first.msToFirstFailure / 1000);
      lens.push((hit ?? first).length);
    }
    if (t.kind === 'control') {
      controls.push(`| ${t.name} | ${t.library ?? '-'} | ${alarms}/${n} | ${[...alarmClasses].join(', ') || '-'} |`);
      process.stderr.write(`${t.name}: ${alarms}/${n} false alarms\n`);
    } else {
      const classes = [...firstClasses].map(([c, k]) => `${c} ×${k}`).join(', ') || '-';
      lines.push(`| ${t.name} | ${t.expected} | ${caught}/${n} | ${classes} | ${median(runs)} | ${median(secs).toFixed(2)} | ${median(lens)} / ${lens.length === 0 ? '-' : Math.max(...lens)} |`);
      process.stderr.write(`${t.name}: ${caught}/${n} caught as ${t.expected}\n`);
    }
  }
  console.log(`\nleakage engine on the corpus of external targets (fixtures/targets), default budget\n`);
  console.log(`| buggy target | expected class | caught (${seedsBuggy} seeds) | first class found | median runs to first | median s to first | shrunk ops (median / max) |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
  console.log(`\n| control | library | false alarms (${seedsControl} seeds) | classes |`);
  console.log('|---|---|---|---|');
  for (const c of controls) console.log(c);
}
