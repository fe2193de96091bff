import type { AuditReport } from '../runAudit.js';

/** The machine-readable report; paths are relative to the project root (the config file's directory). */
export function formatJson(report: AuditReport): string {
  const pick = ({ rule, file, line, column, message, fingerprint }: AuditReport['violations'][number]) => ({ rule, file, line, column, message, fingerprint });
  return JSON.stringify({
    violations: report.violations.map(pick),
    suppressed: report.suppressed.map((s) => ({ ...pick(s), kind: s.suppression.kind, justification: s.suppression.justification })),
    staleBaseline: report.staleBaseline,
    summary: {
      violations: report.violations.length,
      suppressed: report.suppressed.length,
      filesScanned: report.filesScanned,
      filesChecked: report.filesChecked,
      durationMs: report.durationMs,
    },
  }, null, 2);
}
