import type { RuleId } from './AuditRules.js';

/** One violation as a rule reports it; paths are relative to the project root, with `/`. */
export interface Finding {
  rule: RuleId;
  file: string;
  line: number;
  column: number;
  message: string;
  /** What the fingerprint is made of: the enclosing declaration and the symbol touched, never the line. */
  symbol: string;
}

export interface Suppression {
  kind: 'allow' | 'baseline';
  justification: string;
}

export type SuppressedFinding = Finding & { suppression: Suppression; fingerprint: string };
export type ReportedFinding = Finding & { fingerprint: string };

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}
