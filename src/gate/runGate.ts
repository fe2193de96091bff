import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IsogateError } from '../errors/index.js';
import { newRunId } from '../evidence/index.js';
import { buildReport } from './buildReport.js';
import { collectEvidence, type CollectedEvidence } from './collectEvidence.js';
import { evaluateStage } from './evaluateStage.js';
import type { GateConfig } from './GateConfig.js';
import type { GateReport, PreviousReport, RunRecord } from './GateReport.js';
import { resolveCommit, sha256, toolVersions } from './provenance.js';
import { leakRunsPerTarget } from './leakRunsPerTarget.js';
import { findStage } from './resolvePlan.js';
import { runChecks } from './runChecks.js';
import { findPreviousReport } from './stageOrder.js';
import type { StagePlan } from './StagePlan.js';
import { VERDICT_EXIT } from './Verdict.js';
import { writeReports, type ReportFiles } from './writeReports.js';

export interface GateRunOptions {
  plan: StagePlan;
  stageId: string;
  gate: GateConfig;
  cwd: string;
  env: NodeJS.ProcessEnv;
  reportsDir: string;
  config: { path: string | null; hash: string };
  force: boolean;
  /** The config's leakage targets: with two or more, each gets its own leak run (see leakRunsPerTarget). */
  leakTargets?: readonly string[];
  /** Evaluate the evidence already in this directory instead of running the checks. */
  evidenceDir?: string;
  progress(line: string): void;
  now?: () => Date;
  bin?: string;
}

export interface GateRunResult {
  report: GateReport;
  dir: string;
  files: ReportFiles;
  exitCode: number;
}

async function previousFor(o: GateRunOptions, previousStage: string | undefined, commit: string, dir: string, warnings: string[]): Promise<PreviousReport | null> {
  if (previousStage === undefined) return null;
  const search = await findPreviousReport(o.reportsDir, o.plan.id, previousStage, commit, dir);
  if (search.found !== undefined) return search.found;
  const what = `a GO report of stage ${previousStage} (plan ${o.plan.id}) for commit ${commit}`;
  if (o.force) {
    warnings.push(`forced (--force) past the stage order: expected ${what}, found ${search.seen.length === 0 ? 'none' : search.seen.join('; ')}`);
    return null;
  }
  throw new IsogateError('ISOGATE_GATE_ORDER', `expected ${what} under ${join(o.reportsDir, previousStage)}, found ${search.seen.length === 0 ? 'none' : search.seen.join('; ')}`, {
    hint: `gate ${previousStage} first (isogate gate --plan ${o.plan.id} --stage ${previousStage}), or pass --force, which the report records`,
  });
}

/** One stage's gate: order check, checks run, evidence read, verdict, four reports. */
export async function runGate(o: GateRunOptions): Promise<GateRunResult> {
  const now = o.now ?? (() => new Date());
  const startedAt = now();
  const { stage, previous: previousStage } = findStage(o.plan, o.stageId);
  const runId = newRunId(startedAt);
  const dir = resolve(o.reportsDir, stage.id, runId);
  const warnings: string[] = [];
  const commit = await resolveCommit(o.cwd, o.env);
  if (commit === 'unknown') warnings.push('the commit is unknown (no git checkout, no GITHUB_SHA): no later stage can build on this report without --force');
  const previous = await previousFor(o, previousStage?.id, commit, dir, warnings);
  await mkdir(dir, { recursive: true });
  const checkRuns = leakRunsPerTarget(stage.runs, o.leakTargets ?? []);
  o.progress(`gate ${o.plan.id} / ${stage.id}: ${stage.criteria.length} criteria, ${stage.manual.length} manual items, ${o.evidenceDir === undefined ? `${checkRuns.length} checks to run` : `evidence from ${o.evidenceDir}`}`);

  let runs: RunRecord[] = [];
  let evidence: CollectedEvidence[];
  if (o.evidenceDir !== undefined) {
    evidence = await collectEvidence(resolve(o.cwd, o.evidenceDir), warnings);
  } else {
    const ran = await runChecks({
      runs: checkRuns, reportDir: dir, cwd: o.cwd, env: o.env, timeoutSeconds: o.gate.checkTimeoutSeconds, progress: o.progress, warnings,
      ...(o.config.path === null ? {} : { configFile: o.config.path }), ...(o.bin === undefined ? {} : { bin: o.bin }),
    });
    runs = ran.records;
    evidence = ran.evidence;
  }
  const verdict = evaluateStage(stage, evidence.map((c) => c.evidence), { now: startedAt });
  const report = buildReport({
    runId, plan: o.plan, stage, verdict, runs, evidence, evidenceFrom: o.evidenceDir === undefined ? null : resolve(o.cwd, o.evidenceDir), reportDir: dir, previous, forced: o.force && previousStage !== undefined && previous === null, warnings,
    provenance: {
      commit, configPath: o.config.path, configHash: o.config.hash, planHash: sha256(JSON.stringify(o.plan)),
      tools: await toolVersions(), startedAt: startedAt.toISOString(), finishedAt: now().toISOString(),
    },
  });
  const files = await writeReports(report, dir, o.env);
  return { report, dir, files, exitCode: VERDICT_EXIT[report.verdict] };
}
