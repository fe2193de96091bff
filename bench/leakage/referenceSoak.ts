// npm run bench:leakage:reference — no false alarm on the correct reference service: `isogate
// leak`'s default budget (concurrency, flips and Redis faults on) against the demo config's module
// target (`reference`) and HTTP target (`reference-http`), BENCH_SEEDS seeds each (default 200),
// printing every finding. The goal is 0 findings: any finding here is a false NO-GO a gate would
// have turned. BENCH_TARGETS=reference-http to narrow it; BENCH_RUNS to change runs per seed.
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';

const SEEDS = Number(process.env['BENCH_SEEDS'] ?? 200);
const RUNS = process.env['BENCH_RUNS'] === undefined ? undefined : Number(process.env['BENCH_RUNS']);
const targets = process.env['BENCH_TARGETS']?.split(',') ?? ['reference', 'reference-http'];
const loaded = await loadConfig(resolve('isogate.config.ts'));

interface Row { target: string; seeds: number; runs: number; operations: number; unknown: number; findings: string[]; errors: string[]; seconds: number }
const rows: Row[] = [];
for (const target of targets) {
  const row: Row = { target, seeds: 0, runs: 0, operations: 0, unknown: 0, findings: [], errors: [], seconds: 0 };
  const t0 = Date.now();
  for (let i = 0; i < SEEDS; i++) {
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
    if ((i + 1) % 10 === 0) process.stderr.write(`${target}: ${i + 1}/${SEEDS} seeds, ${row.findings.length} findings\n`);
  }
  row.seconds = (Date.now() - t0) / 1000;
  rows.push(row);
}

console.log(`\nleakage engine on the correct reference service: ${SEEDS} seeds per target, default budget (concurrency, flips, faults on)\n`);
console.log('| target | seeds | runs | operations | unknown outcomes | findings (goal 0) | errors | seconds |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.target} | ${r.seeds} | ${r.runs} | ${r.operations} | ${r.unknown} | ${r.findings.length} | ${r.errors.length} | ${r.seconds.toFixed(0)} |`);
for (const r of rows) for (const f of [...r.findings, ...r.errors]) console.log(`- ${r.target}: ${f}`);
process.exitCode = rows.some((r) => r.findings.length > 0) ? 1 : 0;
