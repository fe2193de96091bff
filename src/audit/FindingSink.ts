import { ts } from 'ts-morph';
import type { RuleId } from './AuditRules.js';
import type { Finding } from './Finding.js';

/** Collects one file's findings: one per rule and line, named by where they sit, not the line. */
export class FindingSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly sf: ts.SourceFile, private readonly file: string) {}

  /** Findings of an earlier pass over the same file: kept, and not reported twice. */
  adopt(findings: readonly Finding[]): void {
    for (const f of findings) {
      this.seen.add(`${f.rule}:${f.line - 1}`);
      this.findings.push(f);
    }
  }

  report(rule: RuleId, node: ts.Node, message: string, touched: string): void {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const key = `${rule}:${line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push({ rule, file: this.file, line: line + 1, column: character + 1, message, symbol: `${enclosingName(node)}>${touched}` });
  }

  /** For text findings (non-TypeScript production config). */
  reportAt(rule: RuleId, line: number, column: number, message: string, touched: string): void {
    this.findings.push({ rule, file: this.file, line, column, message, symbol: `<file>>${touched}` });
  }
}

/** `Class.method`, `fn`, or `<module>`: what a baseline entry is pinned to instead of a line. */
export function enclosingName(node: ts.Node): string {
  const parts: string[] = [];
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isClassLike(n) || ts.isMethodDeclaration(n) || ts.isVariableDeclaration(n)
      || ts.isPropertyDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)) {
      const name = n.name;
      if (name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) parts.unshift(name.text);
    } else if (ts.isConstructorDeclaration(n)) parts.unshift('constructor');
  }
  return parts.length === 0 ? '<module>' : parts.join('.');
}
