#!/usr/bin/env zx
// Each stage turns NO-GO on a fault that breaks one of its criteria. From a gate walk's GO reports
// (`npm run gate:walk -- --reports-dir D`), for every stage: copy its evidence, run ONE of its
// checks again against the reference service with a seeded fault (ISOGATE_FAULT), and judge the
// stage again on that evidence (`isogate gate --evidence-dir`, --force). Checks and their faults
// are tried in the order listed below until the stage turns NO-GO on a criterion of the re-run
// check; the ones tried before are printed too. The other checks' evidence is the walk's own, so each stage
// costs one check, not a whole stage. Exit 0 only when every stage turned NO-GO that way, 1
// otherwise, 3 on a usage error.
//   npm run gate:faults -- --from D [--plans p1,p2] [--config F]
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, argv } from 'zx';

const bin = fileURLToPath(new URL('../bin/isogate.mjs', import.meta.url));
const VERDICT = { 0: 'GO', 1: 'NO-GO', 2: 'INCONCLUSIVE', 3: 'USAGE-ERROR', 4: 'ISOGATE-FAILED' };

/**
 * For each kind of check: the run that produces it, and faults of the reference service's
 * catalogue (fixtures/faults/README.md) that break it. Cheapest checks first: a stage is faulted
 * through the first of its checks listed here.
 */
const FAULTS = [
  { check: 'tenant-header', run: 'scenario-tenant-header', faults: ['mismatch-allowed', 'alias-after-cutoff'] },
  { check: 'keyspace-migration', run: 'scenario-keyspace-migration', faults: ['fallback-no-workspace-check', 'backfill-wrong-workspace', 'dual-write-partial'] },
  { check: 'tenant-retrieval', run: 'scenario-tenant-retrieval', faults: ['fallback-unfiltered', 'filter-dropped-on-empty', 'allowlist-ignored'] },
  { check: 'drill:cohort', run: 'drill-cohort', faults: ['cohort-not-monotone'] },
  { check: 'leakage', run: 'leak', faults: ['key-missing-tenant'] },
  { check: 'drill:fallback', run: 'drill-fallback', faults: ['fallback-throws'] },
  { check: 'drill:flag-propagation', run: 'drill-flag-propagation', faults: ['pubsub-ignored'] },
  { check: 'drill:rollback', run: 'drill-rollback', faults: ['pubsub-ignored'] },
  { check: 'load', run: 'load', faults: ['slow-path=30%', 'error-rate=5%'] },
  { check: 'production', run: 'production', faults: ['error-rate=5%', 'bola-by-id'] },
];

const known = new Set(['_', 'from', 'plans', 'config', 'help', 'h']);
const unknown = Object.keys(argv).filter((k) => !known.has(k));
const usage = 'npm run gate:faults -- --from <gate:walk reports dir> [--plans p1,p2] [--config F]';
if (argv.help || argv.h) { console.log(usage); process.exit(0); }
if (unknown.length > 0 || argv._.length > 0 || typeof argv.from !== 'string') {
  console.error(`ISOGATE_USAGE: expected ${usage}, found ${[...unknown.map((k) => `--${k}`), ...argv._].join(' ') || 'no --from'}`);
  process.exit(3);
}
const from = resolve(argv.from);
const configArgs = typeof argv.config === 'string' ? ['--config', argv.config] : [];
const wanted = typeof argv.plans === 'string' ? new Set(argv.plans.split(',').map((p) => p.trim())) : undefined;

/** The newest GO report of each stage under the walk's directory, in the walk's order. */
async function goReports() {
  const found = [];
  for (const plan of (await readdir(from).catch(() => [])).sort()) {
    if (wanted !== undefined && !wanted.has(plan)) continue;
    for (const stage of await readdir(join(from, plan)).catch(() => [])) {
      for (const run of (await readdir(join(from, plan, stage)).catch(() => [])).sort().reverse()) {
        const dir = join(from, plan, stage, run);
        const report = await readFile(join(dir, 'report.json'), 'utf8').then(JSON.parse, () => undefined);
        if (report?.verdict === 'GO' && report.evidenceFrom === null) { found.push({ plan, stage, dir, report }); break; }
      }
    }
  }
  return found.sort((a, b) => a.report.runId.localeCompare(b.report.runId));
}

/** The run's argv from its recorded command line, its evidence directory moved to `dir`. */
function argvOf(run, dir) {
  const words = run.command.split(' ');
  const at = words.indexOf('--evidence-dir');
  if (words[0] !== 'isogate' || at < 0) throw new Error(`cannot read the command of run ${run.id}: ${run.command}`);
  // Recorded commands join argv with spaces: a path holding one cannot be read back.
  if (words.length !== at + 2 && !words[at + 2]?.startsWith('--')) throw new Error(`run ${run.id}'s command has a path with a space: ${run.command}`);
  return [...words.slice(1, at + 1), dir, ...words.slice(at + 2)];
}

/** A stage's run of a listed check: its id, or one of its per-target splits (`leak-reference` for `leak`). */
const runOf = (run, entry) => run.id === entry.run || run.id.startsWith(`${entry.run}-`);

async function tryFault(entry, run, fault, work) {
  const copy = await mkdtemp(join(work, `${entry.plan}-${entry.stage}-`));
  await cp(join(entry.dir, 'evidence'), join(copy, 'evidence'), { recursive: true });
  const evidence = join(copy, 'evidence', run.id);
  await rm(evidence, { recursive: true, force: true });
  const env = { ...process.env, ISOGATE_FAULT: fault };
  const check = await $({ nothrow: true, quiet: true, env })`node ${bin} ${argvOf(run, evidence)}`;
  const gate = await $({ nothrow: true, quiet: true })`node ${bin} gate --plan ${entry.plan} --stage ${entry.stage} --force --evidence-dir ${join(copy, 'evidence')} --reports-dir ${join(copy, 'reports')} ${configArgs}`;
  const verdict = VERDICT[gate.exitCode] ?? `exit ${gate.exitCode}`;
  const reports = join(copy, 'reports', entry.stage);
  const [latest] = (await readdir(reports).catch(() => [])).sort().reverse();
  const report = latest === undefined ? undefined : await readFile(join(reports, latest, 'report.json'), 'utf8').then(JSON.parse, () => undefined);
  const failed = (report?.outcomes ?? []).filter((o) => o.status === 'fail');
  const broke = failed.filter((o) => o.criterion.check === entry.check.check);
  const reason = broke.length > 0 ? `${broke[0].criterion.id}: ${String(broke[0].reason).slice(0, 160)}`
    : failed.length > 0 ? `other criteria failed: ${failed.map((o) => o.criterion.id).join(', ')}`
      : `check exit ${check.exitCode}; ${(report?.outcomes ?? []).filter((o) => o.status !== 'pass').map((o) => `${o.criterion.id}: ${String(o.reason).slice(0, 160)}`).join('; ') || (report?.summary ?? gate.stderr.trim()).slice(0, 160)}`;
  return { verdict, caught: verdict === 'NO-GO' && broke.length > 0, reason };
}

const pad = (s, n) => String(s).padEnd(n);
const rows = [];
const started = Date.now();
const work = await mkdtemp(join(tmpdir(), 'isogate-gate-faults-'));
console.log(`gate faults: GO reports under ${from}; machine at start: load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
try {
  const reports = await goReports();
  if (reports.length === 0) { console.error(`ISOGATE_USAGE: expected GO reports of a gate walk under ${from}, found none`); process.exit(3); }
  for (const r of reports) {
    const checks = new Set(r.report.outcomes.map((o) => o.criterion.check));
    const usable = FAULTS.filter((f) => checks.has(f.check) && r.report.runs.some((x) => runOf(x, f)));
    if (usable.length === 0) { rows.push({ ...r, fault: '-', verdict: 'NO FAULT', seconds: 0, reason: `no listed fault breaks its checks (${[...checks].join(', ')})`, tried: [] }); continue; }
    const t0 = Date.now();
    const tried = [];
    let last;
    // A fault that breaks nothing in this stage (a non-monotone cohort at 0 %) hands over to the next one listed.
    for (const check of usable) {
      const run = r.report.runs.find((x) => runOf(x, check));
      for (const fault of check.faults) {
        last = { fault, check: check.check, ...(await tryFault({ ...r, check }, run, fault, work)) };
        if (last.caught) break;
        tried.push(`${fault}: ${last.verdict} (${last.reason})`);
      }
      if (last?.caught) break;
    }
    const row = { ...r, ...last, seconds: (Date.now() - t0) / 1000, tried };
    rows.push(row);
    console.log(`faulted row: ${pad(r.plan, 26)} ${pad(r.stage, 16)} ${pad(row.fault, 28)} ${pad(row.verdict, 13)} ${row.reason}${tried.length > 0 ? ` [before: ${tried.join('; ')}]` : ''}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
console.log(`\ngate faults: ${rows.length} stage(s), ${((Date.now() - started) / 1000).toFixed(0)} s; load average at end ${loadavg().map((x) => x.toFixed(2)).join(', ')}\n`);
console.log(`${pad('plan', 26)} ${pad('stage', 16)} ${pad('check', 24)} ${pad('fault', 28)} ${pad('verdict', 13)} ${pad('time', 7)} failing criterion`);
for (const r of rows) console.log(`${pad(r.plan, 26)} ${pad(r.stage, 16)} ${pad(r.check ?? '-', 24)} ${pad(r.fault, 28)} ${pad(r.verdict, 13)} ${pad(`${r.seconds.toFixed(0)} s`, 7)} ${r.reason}`);
const missed = rows.filter((r) => !r.caught);
console.log(missed.length === 0 ? '\nevery stage NO-GO on a seeded fault' : `\n${missed.length} stage(s) not turned NO-GO: ${missed.map((r) => `${r.plan}/${r.stage}`).join(', ')}`);
process.exit(missed.length === 0 ? 0 : 1);
