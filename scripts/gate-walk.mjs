#!/usr/bin/env zx
// Walks every stage of every plan in order, as a new user would (`isogate gate --plan P --stage S`,
// never --force), against the config's service (default: the bundled reference service), and
// prints a table of verdicts and times. A stage that is not GO ends its plan's walk (the next
// stage needs its GO report); the stages after it are listed as not reached. Exit 0 only when
// every stage of every plan walked is GO, 1 otherwise, 3 on a usage error.
//   npm run gate:walk [-- --plans request-isolation,tenant-scoped-state] [--config F] [--reports-dir D]
import { readdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, argv } from 'zx';

const bin = fileURLToPath(new URL('../bin/isogate.mjs', import.meta.url));
const PLANS = ['tenant-scoped-state', 'request-isolation', 'tenant-header', 'keyspace-migration', 'tenant-filtered-retrieval'];
const VERDICT = { 0: 'GO', 1: 'NO-GO', 2: 'INCONCLUSIVE', 3: 'USAGE-ERROR', 4: 'ISOGATE-FAILED' };

const known = new Set(['_', 'plans', 'config', 'reports-dir', 'help', 'h']);
const unknown = Object.keys(argv).filter((k) => !known.has(k));
if (unknown.length > 0 || argv._.length > 0 || argv.help || argv.h) {
  const usage = 'npm run gate:walk [-- --plans p1,p2] [--config F] [--reports-dir D]';
  if (argv.help || argv.h) { console.log(usage); process.exit(0); }
  console.error(`ISOGATE_USAGE: expected ${usage}, found ${[...unknown.map((k) => `--${k}`), ...argv._].join(' ')}`);
  process.exit(3);
}
const plans = typeof argv.plans === 'string' ? argv.plans.split(',').map((p) => p.trim()).filter(Boolean) : PLANS;
const configArgs = typeof argv.config === 'string' ? ['--config', argv.config] : [];
const root = resolve(typeof argv['reports-dir'] === 'string' ? argv['reports-dir'] : join('reports', `walk-${new Date().toISOString().replace(/[:.]/g, '-')}`));

/** The plan's stage ids, in order, from `isogate gate --list`. */
async function stagesOf(plan) {
  const out = await $({ nothrow: true, quiet: true })`node ${bin} gate --plan ${plan} --list ${configArgs}`;
  if (out.exitCode !== 0) throw new Error(`isogate gate --plan ${plan} --list failed: ${out.stderr.trim()}`);
  return out.stdout.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('plan ')).map((l) => l.split(/\s+/)[0]);
}

/** The newest report.json a stage's run wrote, for its reasons. */
async function latestReport(dir) {
  const runs = await readdir(dir).catch(() => []);
  for (const run of runs.sort().reverse()) {
    try { return JSON.parse(await readFile(join(dir, run, 'report.json'), 'utf8')); } catch { /* not a finished report */ }
  }
  return undefined;
}

function why(report) {
  if (report === undefined) return 'no report written';
  const open = report.outcomes.filter((o) => o.status !== 'pass');
  const failed = open.filter((o) => o.status === 'fail');
  const shown = (failed.length > 0 ? failed : open).slice(0, 3).map((o) => `${o.criterion.id}: ${o.reason}`.slice(0, 220));
  const checkFailures = (report.checkFailures ?? []).slice(0, 2).map((f) => `${f.check}: ${String(f.reason ?? '').slice(0, 160)}`);
  // What a check itself said about a record that did not pass (e.g. the load engine's self-checks
  // on a saturated machine), which the criterion's reason alone does not show.
  const said = (report.evidence ?? []).filter((e) => e.status !== 'pass' && typeof e.detail === 'string').slice(0, 2).map((e) => {
    // The detail is the record's details as JSON, cut at 4,000 characters: read its reasons list.
    const list = /"reasons":\s*\[([\s\S]*?)\]/.exec(e.detail);
    const reasons = list === null ? undefined : [...list[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    const text = Array.isArray(reasons) ? [...new Set(reasons.map((r) => String(r).replace(/round \d+: |\(P99 delay [^)]*\)/g, '')))].sort((a, b) => Number(b.startsWith('self-check')) - Number(a.startsWith('self-check'))).slice(0, 3).join('; ') : e.detail.split('\n')[0];
    return `${e.check} ${e.status}: ${text.slice(0, 240)}`;
  });
  return [...shown, ...checkFailures, ...said].join(' | ') || report.summary;
}

const pad = (s, n) => String(s).padEnd(n);
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');
const header = `${pad('plan', 26)} ${pad('stage', 16)} ${pad('verdict', 13)} ${pad('time', 8)} why not GO`;
const line = (r) => `${pad(r.plan, 26)} ${pad(r.stage, 16)} ${pad(r.verdict, 13)} ${pad(r.seconds === 0 ? '-' : `${r.seconds.toFixed(0)} s`, 8)} ${r.reason}`;
const rows = [];
/** Each row is printed the moment its stage ends, so a walk cut short still shows what it reached. */
const record = (r) => {
  rows.push(r);
  console.log(`\nwalk row: ${line(r)}  [load ${loadavg()[0].toFixed(2)}]`);
};
const started = Date.now();
console.log(`gate walk: plans ${plans.join(', ')}; machine at start: load average ${load()} (1, 5, 15 min); reports under ${root}`);
for (const plan of plans) {
  const stages = await stagesOf(plan);
  let blockedBy;
  for (const stage of stages) {
    if (blockedBy !== undefined) { record({ plan, stage, verdict: 'NOT REACHED', seconds: 0, reason: `needs a GO report of ${blockedBy}` }); continue; }
    const reportsDir = join(root, plan);
    console.log(`\n=== ${plan} / ${stage} ===`);
    const t0 = Date.now();
    const run = await $({ nothrow: true, stdio: ['ignore', 'inherit', 'inherit'] })`node ${bin} gate --plan ${plan} --stage ${stage} --reports-dir ${reportsDir} ${configArgs}`;
    const seconds = (Date.now() - t0) / 1000;
    const verdict = VERDICT[run.exitCode] ?? `exit ${run.exitCode}`;
    const reason = verdict === 'GO' ? '' : why(await latestReport(join(reportsDir, stage)));
    record({ plan, stage, verdict, seconds, reason });
    if (verdict !== 'GO') blockedBy = stage;
  }
}

console.log(`\ngate walk: ${plans.length} plan(s), ${rows.length} stage(s), ${((Date.now() - started) / 1000).toFixed(0)} s; reports under ${root}`);
console.log(`machine at end: load average ${load()} (1, 5, 15 min)\n`);
console.log(header);
for (const r of rows) console.log(line(r));
const notGo = rows.filter((r) => r.verdict !== 'GO');
const production = notGo.filter((r) => /production|prometheus/i.test(r.reason));
if (production.length > 0) {
  console.log(`\nstages waiting on production evidence (a Prometheus source, or its local rehearsal): ${production.map((r) => `${r.plan}/${r.stage}`).join(', ')}`);
}
console.log(notGo.length === 0 ? '\nevery stage GO' : `\n${notGo.length} stage(s) not GO`);
process.exit(notGo.length === 0 ? 0 : 1);
