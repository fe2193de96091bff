// npm run bench:leakage — per catalogued fault: how many runs and seconds the engine needs to the
// first counterexample (median over SEEDS seeds, default budget), whether every seed caught it,
// and the shrunk counterexample's length; then the engine's operations per second against the
// reference service vs a bare ioredis loop doing the same mix of operations (the ceiling).
// BENCH_SEEDS=10 BENCH_FAULTS=a,b to narrow it. Then the corpus of external targets (corpusBench.ts).
// BENCH_PART=faults|corpus|throughput (or `-- --part corpus`) runs one part only; the corpus part
// takes `--seeds N --control-seeds M --targets a,b` (see corpusBench.ts).
import { Redis } from 'ioredis';
import { FAULT_CATALOGUE } from '../../fixtures/faults/index.js';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';
import { startLocalRedisServer } from '../../src/redis/index.js';
import { NOT_LEAKAGE, writeFaultConfig } from '../../test/leakage/faultConfig.js';
import { benchArg, corpusBench } from './corpusBench.js';

const SEEDS = Number(process.env['BENCH_SEEDS'] ?? 10);
const partArg = benchArg('part', 'BENCH_PART', '');
const PART = partArg === '' ? undefined : partArg;
const part = (name: string): boolean => PART === undefined || PART === name;
const only = process.env['BENCH_FAULTS']?.split(',');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

interface Row { fault: string; target: string; classes: string; caught: number; runs: number; seconds: number; maxLen: number; medLen: number }
const rows: Row[] = [];
const faults = part('faults') ? FAULT_CATALOGUE.filter((f) => NOT_LEAKAGE[f.name] === undefined && (only === undefined || only.includes(f.name))) : [];
for (const fault of faults) {
  const targets = fault.reach === 'http' ? ['http'] : ['module'];
  for (const target of targets) {
    const config = writeFaultConfig([fault.name]);
    const loaded = await loadConfig(config.path);
    const runs: number[] = [];
    const secs: number[] = [];
    const lens: number[] = [];
    const classes = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { result } = await runTargetLeakage(loaded, target, { seed });
      if (result.outcome.status !== 'fail') continue;
      classes.add(result.outcome.counterexample.finding.class);
      runs.push(result.outcome.counterexample.runsToFailure);
      secs.push(result.outcome.counterexample.msToFirstFailure / 1000);
      lens.push(result.outcome.counterexample.length);
    }
    config.remove();
    const row = { fault: fault.name, target, classes: [...classes].join(', '), caught: runs.length, runs: median(runs), seconds: median(secs), maxLen: Math.max(...lens), medLen: median(lens) };
    rows.push(row);
    process.stderr.write(`${fault.name}/${target}: ${row.caught}/${SEEDS} caught\n`);
  }
}

if (part('faults')) {
  console.log(`\nleakage engine: time to first counterexample, default budget, ${SEEDS} seeds per fault\n`);
  console.log('| fault | target | caught | first class | median runs | median s | shrunk ops (median / max) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.fault} | ${r.target} | ${r.caught}/${SEEDS} | ${r.classes} | ${r.runs} | ${r.seconds.toFixed(2)} | ${r.medLen} / ${r.maxLen} |`);
  }
}
if (part('corpus')) await corpusBench();
if (PART !== undefined && PART !== 'throughput') process.exit(0);

// Throughput: the engine against the correct reference service, then a bare ioredis loop with the
// engine's operation mix (StoreStep's weights: put 5, get 5, list 3, delete 1, append 2, range 2,
// clear 2) on one client, each on a local redis-server of its own. Both count tenant operations
// only (the engine's flips and faults are not counted as operations, though their time is), and
// both exclude starting Redis; the engine's time includes opening every run's store, the keyspace
// check and the cleanup after each run.
const clean = writeFaultConfig([]);
const loaded = await loadConfig(clean.path);
const engine: Array<{ label: string; ops: number; ms: number }> = [];
for (const [label, leakage] of [['engine, full (flips, faults, concurrency)', {}], ['engine, no flips or faults', { flips: false, faults: false }]] as const) {
  const cfg = writeFaultConfig([], leakage);
  const l = await loadConfig(cfg.path);
  const { result } = await runTargetLeakage(l, 'module', { seed: 1, runs: 100 });
  engine.push({ label, ops: result.tenantOperations, ms: result.durationMs });
  cfg.remove();
}
clean.remove();
void loaded;

const redis = await startLocalRedisServer();
const client = new Redis(redis.url);
const mix = ['put', 'put', 'put', 'put', 'put', 'get', 'get', 'get', 'get', 'get', 'list', 'list', 'list', 'delete', 'append', 'append', 'range', 'range', 'clear', 'clear'];
const N = 5_000;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const k = `isogate:bench:t:${i % 4}:kv:${i % 3}`;
  switch (mix[i % mix.length]) {
    case 'put': await client.set(k, `v${i}`); break;
    case 'get': await client.get(k); break;
    case 'list': { const [, keys] = await client.scan('0', 'MATCH', `isogate:bench:t:${i % 4}:kv:*`, 'COUNT', 100); if (keys.length > 0) await client.mget(...keys); break; }
    case 'delete': await client.del(k); break;
    case 'append': await client.rpush(`isogate:bench:t:${i % 4}:ev`, `v${i}`); break;
    case 'range': await client.lrange(`isogate:bench:t:${i % 4}:ev`, 0, -1); break;
    default: { const [, keys] = await client.scan('0', 'MATCH', `isogate:bench:t:${i % 4}:*`, 'COUNT', 100); if (keys.length > 0) await client.del(...keys); }
  }
}
const bareMs = performance.now() - t0;
client.disconnect();
await redis.stop();
const bare = (N * 1000) / bareMs;
console.log('\n| loop | operations | ops/s | ratio to bare ioredis |');
console.log('|---|---|---|---|');
console.log(`| bare ioredis (one client, sequential) | ${N} | ${bare.toFixed(0)} | 1.00 |`);
for (const e of engine) {
  const rate = (e.ops * 1000) / e.ms;
  console.log(`| ${e.label} | ${e.ops} | ${rate.toFixed(0)} | ${(rate / bare).toFixed(3)} |`);
}
