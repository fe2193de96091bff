import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactSecrets } from '../errors/index.js';
import { registerCleanup } from '../redis/index.js';
import { collectEvidence, errorRecord, type CollectedEvidence } from './collectEvidence.js';
import type { RunRecord } from './GateReport.js';
import type { CheckId } from '../evidence/index.js';
import type { CheckRun } from './StagePlan.js';

/** The CLI a user runs; the gate runs checks through nothing else. */
export const ISOGATE_BIN = fileURLToPath(new URL('../../bin/isogate.mjs', import.meta.url));

export interface RunChecksOptions {
  runs: readonly CheckRun[];
  /** The run's report directory: evidence goes to <reportDir>/evidence/<run id>/, logs to <reportDir>/logs/. */
  reportDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  timeoutSeconds: number;
  progress(line: string): void;
  /** Invalid evidence files are reported here (and counted as errors). */
  warnings?: string[];
  bin?: string;
}

const HEARTBEAT_MS = 15_000;

function classify(exitCode: number | null, stderr: string, timedOut: boolean): Pick<RunRecord, 'outcome' | 'note'> {
  if (timedOut) return { outcome: 'timeout', note: 'stopped by the gate after its time budget' };
  if (exitCode === null) return { outcome: 'crashed', note: 'killed by a signal' };
  if (exitCode === 3 && stderr.includes('expected a command')) return { outcome: 'missing-command', note: 'this isogate has no such command yet' };
  if (exitCode === 3) return { outcome: 'usage-error', note: 'usage or configuration error' };
  if (exitCode >= 4) return { outcome: 'crashed', note: 'isogate itself failed' };
  return { outcome: 'ran', note: ['pass', 'fail', 'inconclusive'][exitCode] ?? 'ran' };
}

/** What stderr says went wrong: error lines if there are any (a stack's last lines say nothing), else its end. */
function gist(text: string, lines = 4): string {
  const all = text.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const errors = all.filter((l) => /^(ISOGATE_[A-Z_]+:|[A-Za-z]*Error\b)/.test(l));
  return (errors.length > 0 ? errors.slice(0, lines) : all.slice(-lines)).join(' | ');
}

/** Runs one check command and returns what it did, with any evidence it wrote. */
async function runOne(run: CheckRun, o: RunChecksOptions): Promise<{ record: RunRecord; evidence: CollectedEvidence[] }> {
  const dir = join(o.reportDir, 'evidence', run.id);
  await mkdir(dir, { recursive: true });
  const args = [...run.argv, ...(o.configFile === undefined ? [] : ['--config', o.configFile]), '--evidence-dir', dir];
  const command = `isogate ${args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
  o.progress(`▶ ${run.id}: ${redactSecrets(command)}`);
  const startedAt = new Date();
  const timer = setInterval(() => o.progress(`  … ${run.id} still running (${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)`), HEARTBEAT_MS);
  timer.unref();
  // zx is loaded only when a check really runs: evaluating evidence should not pay for it.
  const { $ } = await import('zx');
  // In a process group of its own, so that a gate stopped mid-stage (Ctrl-C, a cancelled CI job)
  // stops the whole check, whatever it started in turn, with one signal: a check's own clean-up
  // (its Redis, its fleets) then runs as it would on Ctrl-C.
  const child = $({ cwd: o.cwd, env: o.env, nothrow: true, quiet: true, detached: true, timeout: `${o.timeoutSeconds}s` })`node ${o.bin ?? ISOGATE_BIN} ${args}`;
  const unregister = registerCleanup(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  });
  const result = await child.finally(() => { clearInterval(timer); unregister(); });
  const durationMs = Date.now() - startedAt.getTime();
  const timedOut = result.signal !== null && durationMs >= o.timeoutSeconds * 1000;
  const { outcome, note } = classify(result.exitCode, result.stderr, timedOut);
  const logDir = join(o.reportDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const logPath = join(logDir, `${run.id}.log`);
  await writeFile(logPath, redactSecrets(`$ ${command}\n\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}\n--- exit ${result.exitCode ?? result.signal} after ${durationMs} ms ---\n`));
  const record: RunRecord = { id: run.id, command: redactSecrets(command), exitCode: result.exitCode, durationMs, outcome, note, log: relative(o.reportDir, logPath) };
  const exit = `exit ${result.exitCode ?? result.signal} after ${(durationMs / 1000).toFixed(1)} s`;
  const short = `isogate ${run.argv.join(' ')}`;
  if (outcome !== 'ran') {
    // A run that crashed or never existed cannot vouch for anything it wrote before dying.
    const said = outcome === 'missing-command' ? '' : `; stderr: ${gist(result.stderr) || '(empty)'}`;
    const why = `no evidence: \`${short}\` ${outcome === 'missing-command' ? 'is not a command of this isogate yet' : note} (exit ${result.exitCode ?? result.signal})${said}`;
    o.progress(`! ${run.id}: ${exit} (${outcome}: ${note}): no evidence`);
    return { record, evidence: run.produces.map((check) => ({ evidence: errorRecord(check, why, startedAt, durationMs) })) };
  }
  const written = await collectEvidence(dir, o.warnings ?? []);
  const seen = new Set(written.map((w) => w.evidence.check));
  const absent = run.produces.filter((check) => !seen.has(check));
  const missing = absent.map((check) => ({
    evidence: errorRecord(check, `no evidence: \`${short}\` exited ${result.exitCode} but wrote no evidence for ${check}${written.length === 0 ? `; stderr: ${gist(result.stderr) || '(empty)'}` : ''}`, startedAt, durationMs),
  }));
  const statuses = written.map((w) => `${w.evidence.check}${w.evidence.target === 'gate' ? '' : `/${w.evidence.target}`} ${w.evidence.status}`);
  const mark = absent.length > 0 ? '!' : result.exitCode === 0 ? '✔' : result.exitCode === 1 ? '✘' : '?';
  o.progress(`${mark} ${run.id}: ${exit}: ${[...statuses, ...absent.map((c) => `${c} no evidence`)].join(', ')}`);
  if (written.length === 0) record.note = 'wrote no evidence';
  return { record, evidence: [...written, ...missing] };
}

/**
 * Checks another run beside them cannot help to pass: the leakage search (it counts what tenants
 * observe), the static audit and the cohort properties judge no time at all; the rollback and
 * flag-propagation drills time steps of milliseconds against limits of minutes and half a minute,
 * which a busy machine can only lengthen, never shorten. Their runs go side by side, first.
 * Anything else (load, production, noisy neighbour, the Redis outage and failover drills that time
 * a recovery in seconds, scenarios with latency criteria) runs alone, after them, so that no
 * latency comparison ever shares the machine with another check.
 */
export const SIDE_BY_SIDE_CHECKS: ReadonlySet<CheckId> = new Set<CheckId>(['leakage', 'audit', 'drill:cohort', 'drill:rollback', 'drill:flag-propagation']);

export function runsSideBySide(run: CheckRun): boolean {
  return run.produces.every((c) => SIDE_BY_SIDE_CHECKS.has(c));
}

/**
 * Runs a stage's checks: those that may run side by side concurrently, then each other one alone
 * (the machine is small; a parallel run would skew a latency). Records and evidence come back in
 * the stage's order.
 */
export async function runChecks(o: RunChecksOptions): Promise<{ records: RunRecord[]; evidence: CollectedEvidence[] }> {
  const done = new Map<number, Awaited<ReturnType<typeof runOne>>>();
  const indexed = o.runs.map((run, i) => ({ run, i }));
  await Promise.all(indexed.filter(({ run }) => runsSideBySide(run)).map(async ({ run, i }) => { done.set(i, await runOne(run, o)); }));
  for (const { run, i } of indexed) if (!done.has(i)) done.set(i, await runOne(run, o));
  const ordered = indexed.map(({ i }) => done.get(i)).filter((x) => x !== undefined);
  return { records: ordered.map((x) => x.record), evidence: ordered.flatMap((x) => x.evidence) };
}
