import { ts } from 'ts-morph';
import { isRuleId, type RuleId } from './AuditRules.js';
import type { Finding, Suppression } from './Finding.js';

/** One `// isogate-allow <rule>: <reason> [until YYYY-MM-DD]` comment. */
export interface AllowComment {
  line: number;
  column: number;
  rule: string;
  reason: string;
  until: string | undefined;
}

const ALLOW = /isogate-allow\s+([A-Za-z0-9-]*)\s*(?::\s*(.*))?$/;
const UNTIL = /^(.*?)\s*\buntil\s+(\d{4}-\d{2}-\d{2})\s*$/;

/** The allow comments of a file, read from real comments (a string that mentions one does not count). */
export function readAllowComments(text: string): AllowComment[] {
  if (!text.includes('isogate-allow')) return [];
  const out: AllowComment[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // Brace depths at which a template's `${` opened: its `}` resumes the template, so a comment
  // after `\`a${b}\`` is read as a comment and not as template text.
  const templates: number[] = [];
  let depth = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(depth);
    else if (kind === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (templates.length > 0 && templates.at(-1) === depth) {
        if (scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateTail) templates.pop();
      } else depth--;
    }
    if (kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    // The comment ends at the next `//`, so a trailing `// expect:` marker is not read as the reason.
    const body = scanner.getTokenText().slice(2).split('//')[0] ?? '';
    const m = ALLOW.exec(body.trim());
    if (m === null) continue;
    const pos = scanner.getTokenStart();
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] as number) <= pos) line++;
    const character = pos - (lineStarts[line] as number);
    const rest = (m[2] ?? '').trim();
    const until = UNTIL.exec(rest);
    out.push({ line: line + 1, column: character + 1, rule: m[1] ?? '', reason: (until?.[1] ?? rest).trim(), until: until?.[2] });
  }
  return out;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: Array<Finding & { suppression: Suppression }>;
  /** Violations of the allow comments themselves. */
  allowFindings: Finding[];
}

/**
 * Applies a file's allow comments to its findings. An allow covers its own line and the next.
 * One without a reason or past its date suppresses nothing and is itself a violation; so is one
 * that names no rule or covers no finding.
 */
export function applyAllowComments(file: string, findings: Finding[], allows: AllowComment[], today: string): SuppressionOutcome {
  const kept: Finding[] = [];
  const suppressed: Array<Finding & { suppression: Suppression }> = [];
  const allowFindings: Finding[] = [];
  const valid: Array<AllowComment & { used: boolean }> = [];
  const at = (a: AllowComment, rule: RuleId, message: string): Finding => ({ rule, file, line: a.line, column: a.column, message, symbol: `allow>${a.rule}` });
  for (const a of allows) {
    if (!isRuleId(a.rule) || a.rule.startsWith('allow-')) allowFindings.push(at(a, 'allow-unused', `isogate-allow names '${a.rule}', which is not a rule it can excuse`));
    else if (a.reason === '') allowFindings.push(at(a, 'allow-missing-reason', `isogate-allow ${a.rule} gives no reason`));
    else if (a.until !== undefined && a.until < today) allowFindings.push(at(a, 'allow-expired', `isogate-allow ${a.rule} expired on ${a.until}`));
    else valid.push({ ...a, used: false });
  }
  for (const f of findings) {
    const allow = valid.find((a) => a.rule === f.rule && (f.line === a.line || f.line === a.line + 1));
    if (allow === undefined) kept.push(f);
    else {
      allow.used = true;
      suppressed.push({ ...f, suppression: { kind: 'allow', justification: allow.reason } });
    }
  }
  for (const a of valid) if (!a.used) allowFindings.push(at(a, 'allow-unused', `isogate-allow ${a.rule} suppresses nothing on this line or the next`));
  return { kept, suppressed, allowFindings };
}
