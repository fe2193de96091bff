import type { EvidenceStatus } from '../evidence/index.js';
import type { ManualItem, Stage } from './StagePlan.js';
import type { CalendarOutcome, CheckFailure, CriterionOutcome, OutcomeStatus, VerdictName } from './Verdict.js';

/** How one check command went: the gate's own record, beside the evidence it wrote. */
export interface RunRecord {
  id: string;
  /** The command as a user would type it. */
  command: string;
  exitCode: number | null;
  durationMs: number;
  /** ran: it exited 0-2; the others never count as evidence. */
  outcome: 'ran' | 'missing-command' | 'usage-error' | 'crashed' | 'timeout' | 'not-run';
  note: string;
  /** Relative to the report directory. */
  log?: string;
}

export interface EvidenceEntry {
  /** Relative to the report directory; absent for the records the gate wrote for a failed run. */
  file?: string;
  check: string;
  target: string;
  status: EvidenceStatus;
  seed: number | null;
  metrics: Record<string, number>;
  durationMs: number;
  artifacts: string[];
  /** Set when the gate made this record because the check produced none. */
  synthesized: boolean;
  /** A counterexample or reason from the check's details, as text. */
  detail?: string;
}

export interface Signoff {
  by: string;
  at: string;
  /** The manual items this sign-off attests, by id. */
  attests: string[];
  /** sha256 of report.json as it was when signed. */
  reportSha256: string;
  note?: string;
}

export interface PreviousReport {
  stage: string;
  runId: string;
  path: string;
  sha256: string;
  verdict: VerdictName;
  commit: string;
}

export interface GateReport {
  schema: 'isogate/gate-report@1';
  runId: string;
  plan: { id: string; title: string; document: string };
  stage: Stage;
  verdict: VerdictName;
  summary: string;
  counts: Record<OutcomeStatus, number>;
  outcomes: CriterionOutcome[];
  calendar?: CalendarOutcome;
  /** Checks that reported fail for a reason no criterion names: NO-GO all the same. */
  checkFailures: CheckFailure[];
  manual: ManualItem[];
  runs: RunRecord[];
  /** Set when the gate evaluated evidence already on disk (--evidence-dir) instead of running checks. */
  evidenceFrom: string | null;
  evidence: EvidenceEntry[];
  provenance: {
    commit: string;
    configPath: string | null;
    configHash: string;
    planHash: string;
    tools: { node: string; isogate: string; redis: string };
    seeds: number[];
    startedAt: string;
    finishedAt: string;
  };
  /** The previous stage's report this one builds on; null for a plan's first stage or when forced without one. */
  previous: PreviousReport | null;
  forced: boolean;
  warnings: string[];
  signoffs: Signoff[];
}
