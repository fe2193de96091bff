// npm run bench:leakage:reference — no false alarm on the correct reference service: `isogate
// leak`'s default budget (concurrency, flips and Redis faults on) against the demo config's module
// target (`reference`) and HTTP target (`reference-http`), BENCH_SEEDS seeds each (default 200),
// printing every finding. The goal is 0 findings: any finding here is a false NO-GO a gate would
// have turned. BENCH_TARGETS=reference-http to narrow it; BENCH_RUNS to change runs per seed;
// BENCH_SEED_FROM=i starts at the i-th seed (a soak split in parts covers the same seeds).
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';

const SEEDS = Number(process.env['BENCH_SEEDS'] ?? 200);
// The i-th seed of the soak is 1_000_003 * (i + 1); BENCH_SEED_FROM starts at a later i (a soak split in parts).
const FROM = Number(process.env['BENCH_SEED_FROM'] ?? 0);
const RUNS = process.env['BENCH_RUNS'] === undefined ? undefined : Number(process.env['BENCH_RUNS']);
const targets = process.env['BENCH_TARGETS']?.split(',') ?? ['reference', 'reference-http'];
const loaded = await loadConfig(resolve('isogate.config.ts'));
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`\nleakage engine on the correct reference service: ${SEEDS} seeds per target, default budget (concurrency, flips, faults on); load average at start: ${load()}\n`);
console.log('| target | seeds | runs | operations | unknown outcomes | findings (goal 0) | errors | seconds |');
console.log('|---|---|---|---|---|---|---|---|');

interface Row { target: string; seeds: number; runs: number; operations: number; unknown: number; findings: string[]; errors: string[]; seconds: number }
const rows: Row[] = [];
for (const target of targets) {
  const row: Row = { target, seeds: 0, runs: 0, operations: 0, unknown: 0, findings: [], errors: [], seconds: 0 };
  const t0 = Date.now();
  for (let i = FROM; i < FROM + SEEDS; i++) {
    const seed = 1_000_003 * (i + 1) % 0x7fffffff;
    const { result } = await runTargetLeakage(loaded, target, { seed, ...(RUNS === undefined ? {} : { runs: RUNS }) });
    row.seeds++;
    row.runs += result.runs;
    row.operations += result.operations;
    row.unknown += result.unknownOutcomes;
    const o = result.outcome;
    if (o.status === 'fail') {
      for (const c of o.counterexamples) {
        row.findings.push(`seed ${c.seed} path ${JSON.stringify(c.path)} replayPath ${JSON.stringify(c.replayPath ?? '')}: ${c.finding.class}: ${c.finding.message}`);
        process.stderr.write(`  FINDING ${target} seed ${seed}: ${c.finding.class}\n${c.story.map((l) => `    ${l}`).join('\n')}\n`);
      }
    } else if (o.status === 'error') {
      row.errors.push(`seed ${seed}: ${o.message}`);
    }
    if (row.seeds % 10 === 0) process.stderr.write(`${target}: ${row.seeds}/${SEEDS} seeds, ${row.findings.length} findings, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  row.seconds = (Date.now() - t0) / 1000;
  rows.push(row);
  // Printed as soon as the target is done: a run cut short keeps what it measured.
  console.log(`| ${row.target} | ${row.seeds} | ${row.runs} | ${row.operations} | ${row.unknown} | ${row.findings.length} | ${row.errors.length} | ${row.seconds.toFixed(0)} |`);
}

for (const r of rows) for (const f of [...r.findings, ...r.errors]) console.log(`- ${r.target}: ${f}`);
console.log(`\nload average at end: ${load()}`);
process.exitCode = rows.some((r) => r.findings.length > 0) ? 1 : 0;
