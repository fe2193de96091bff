import { relative } from 'node:path';
import type { Evidence } from '../evidence/index.js';
import type { CollectedEvidence } from './collectEvidence.js';
import type { EvidenceEntry, GateReport, PreviousReport, RunRecord } from './GateReport.js';
import type { Stage, StagePlan } from './StagePlan.js';
import type { Verdict } from './Verdict.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** A counterexample as a reader wants it: the story first, then how to replay it, then the rest. */
function counterexampleLines(cx: unknown): string[] {
  if (typeof cx !== 'object' || cx === null) return cx === undefined ? [] : [`counterexample: ${text(cx)}`];
  const c = cx as Record<string, unknown>;
  const lines: string[] = [];
  if (Array.isArray(c['story'])) lines.push('counterexample:', ...c['story'].map((l) => `  ${text(l)}`));
  if (c['seed'] !== undefined) lines.push(`seed ${text(c['seed'])}${c['path'] === undefined ? '' : `, path ${text(c['path'])}`}`);
  if (Array.isArray(c['testProp'])) lines.push('replay:', ...c['testProp'].map((l) => `  ${text(l)}`));
  return lines.length > 0 ? lines : [`counterexample: ${text(cx)}`];
}

/** The part of a check's details a reader needs: its summary, the counterexample, the reason. */
export function detailText(e: Evidence): string | undefined {
  if (e.status === 'pass') return undefined;
  const d = e.details;
  if (typeof d === 'string') return d.slice(0, 4000);
  if (typeof d !== 'object' || d === null) return undefined;
  const r = d as Record<string, unknown>;
  const lines = [
    ...(typeof r['summary'] === 'string' ? [r['summary']] : []),
    ...counterexampleLines(r['counterexample']),
    ...['story', 'replay', 'reason', 'failures', 'message', 'error'].filter((k) => r[k] !== undefined).map((k) => `${k}: ${text(r[k])}`),
  ];
  return (lines.length > 0 ? lines.join('\n') : JSON.stringify(d, null, 2)).slice(0, 4000);
}

export function evidenceEntry(c: CollectedEvidence, reportDir: string): EvidenceEntry {
  const e = c.evidence;
  const detail = detailText(e);
  return {
    ...(c.path === undefined ? {} : { file: relative(reportDir, c.path) }),
    check: e.check, target: e.target, status: e.status, seed: e.seed, metrics: e.metrics,
    durationMs: e.durationMs, artifacts: e.artifacts, synthesized: c.path === undefined,
    ...(detail === undefined ? {} : { detail }),
  };
}

export interface BuildReportInput {
  runId: string;
  plan: StagePlan;
  stage: Stage;
  verdict: Verdict;
  runs: RunRecord[];
  evidenceFrom: string | null;
  evidence: CollectedEvidence[];
  reportDir: string;
  provenance: Omit<GateReport['provenance'], 'seeds'>;
  previous: PreviousReport | null;
  forced: boolean;
  warnings: string[];
}

export function buildReport(i: BuildReportInput): GateReport {
  const seeds = [...new Set(i.evidence.flatMap((c) => (c.evidence.seed === null ? [] : [c.evidence.seed])))];
  const v = i.verdict;
  return {
    schema: 'isogate/gate-report@1',
    runId: i.runId,
    plan: { id: i.plan.id, title: i.plan.title, document: i.plan.document },
    stage: i.stage,
    verdict: v.verdict,
    summary: v.summary,
    counts: v.counts,
    outcomes: v.outcomes,
    ...(v.calendar === undefined ? {} : { calendar: v.calendar }),
    checkFailures: v.checkFailures,
    manual: v.manual,
    runs: i.runs,
    evidenceFrom: i.evidenceFrom,
    evidence: i.evidence.map((c) => evidenceEntry(c, i.reportDir)),
    provenance: { ...i.provenance, seeds },
    previous: i.previous,
    forced: i.forced,
    warnings: i.warnings,
    signoffs: [],
  };
}
