import { applyBaseline, fingerprintOf, type Baseline, type BaselineEntry } from '../Baseline.js';
import { compareFindings, type Finding, type ReportedFinding, type SuppressedFinding } from '../Finding.js';
import { applyAllowComments, readAllowComments } from '../Suppressions.js';

export interface SettledFindings {
  violations: ReportedFinding[];
  suppressed: SuppressedFinding[];
  staleBaseline: Array<BaselineEntry & { unmatched: number }>;
  /** After allow comments, before the baseline: what --write-baseline records. */
  unbaselined: Finding[];
}

/** The suppressions/baseline phase: allow comments per file, then the baseline over them all. */
export function settleFindings(findingsByFile: ReadonlyMap<string, Finding[]>, textOf: (rel: string) => string, today: string,
  baseline: Baseline | undefined): SettledFindings {
  const kept: Finding[] = [];
  const allowSuppressed: Array<Finding & { suppression: SuppressedFinding['suppression'] }> = [];
  for (const [file, findings] of findingsByFile) {
    const outcome = applyAllowComments(file, findings, readAllowComments(textOf(file)), today);
    kept.push(...outcome.kept, ...outcome.allowFindings);
    allowSuppressed.push(...outcome.suppressed);
  }
  kept.sort(compareFindings);
  const baselined = applyBaseline(kept, baseline);
  const suppressed: SuppressedFinding[] = [
    ...allowSuppressed.map((f) => ({ ...f, fingerprint: fingerprintOf(f) })),
    ...baselined.baselined,
  ].sort(compareFindings);
  return { violations: baselined.fresh, suppressed, staleBaseline: baselined.stale, unbaselined: kept };
}
