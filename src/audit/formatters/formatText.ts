import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../AuditRules.js';
import type { AuditReport } from '../runAudit.js';

/** `file:line:col  rule  message`, a code frame, and how to fix it; then a summary. */
export function formatText(report: AuditReport): string {
  const lines: string[] = [];
  const sources = new Map<string, string[]>();
  const sourceLine = (file: string, line: number): string | undefined => {
    let text = sources.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(join(report.root, file), 'utf8').split('\n');
      } catch {
        text = [];
      }
      sources.set(file, text);
    }
    return text[line - 1];
  };
  for (const v of report.violations) {
    lines.push(`${v.file}:${v.line}:${v.column}  ${v.rule}  ${v.message}`);
    const code = sourceLine(v.file, v.line);
    if (code !== undefined) {
      const gutter = `${v.line} | `;
      lines.push(`  ${gutter}${code.replace(/\t/g, ' ')}`);
      lines.push(`  ${' '.repeat(gutter.length + v.column - 1)}^`);
    }
    lines.push(`  fix: ${RULES[v.rule].hint}`, '');
  }
  for (const s of report.staleBaseline) {
    lines.push(`baseline: stale entry ${s.fingerprint} (${s.rule} ${s.file} ${s.symbol}) matches ${s.unmatched} fewer finding(s) now; remove it`);
  }
  const byRule = new Map<string, number>();
  for (const v of report.violations) byRule.set(v.rule, (byRule.get(v.rule) ?? 0) + 1);
  const breakdown = [...byRule].map(([r, n]) => `${r} ${n}`).join(', ');
  lines.push(report.violations.length === 0
    ? `audit passed: no violations in ${report.filesScanned} files (${report.suppressed.length} suppressed)`
    : `audit failed: ${report.violations.length} violation(s) (${breakdown}) in ${report.filesScanned} files (${report.suppressed.length} suppressed)`);
  return lines.join('\n');
}
