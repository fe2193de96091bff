import { basename, dirname } from 'node:path';
import { ts } from 'ts-morph';
import type { AuditSettings } from './AuditSettings.js';
import { resolveRelativeSpecifier } from './resolveRelativeSpecifier.js';

/**
 * Text tests that rule a file out before it is parsed. Each over-approximates what the syntax
 * pass would record: a file that fails them cannot yield a fact, a candidate or a finding, so
 * parsing it would be wasted; most files of a large code base fail them.
 */
export class TextPrefilter {
  private readonly triggers: RegExp;

  constructor(private readonly settings: AuditSettings) {
    const words = [...settings.symbolsAnywhere, ...settings.globalNames, ...[...settings.namesInFile.values()].flatMap((s) => [...s])];
    const alternatives = [
      // What makes a file a candidate for unverifiable access (TaintSet's TRIGGER_NAMES).
      // Optional calls (`f?.(x)`) and type arguments (`f<T>(x)`) included.
      String.raw`\bReflect\b`, String.raw`\beval\s*(\?\.)?\s*\(`, String.raw`\bnew\s+Function\b`, String.raw`\bFunction\s*(\?\.)?\s*\(`,
      String.raw`\brequire\s*(\?\.)?\s*\(`, String.raw`\bimport\s*\(`,
      // Redis KEYS, plain and through raw commands (FileFacts' callPattern).
      String.raw`\.keys\s*(\?\.)?\s*[(<]`,
      String.raw`\.(call|callBuffer|send_command|sendCommand|sendCommandBuffer)\s*(\?\.)?\s*(<[^()]*>)?\s*\(\s*(['"\x60[]|[\w$]*[kK][eE][yY][sS])`,
      ...settings.statePackages.map((p) => String.raw`['"\x60](node:)?${escape(p)}(/[^'"\x60]*)?['"\x60]`),
      // A state module by the last segment its importers name it by (`./state` for state/index.ts).
      ...[...settings.stateFiles].map((f) => {
        const stem = basename(f).replace(/\.d\.[cm]?ts$|\.[cm]?[jt]sx?$/, '');
        return escape(stem === 'index' ? basename(dirname(f)) : stem);
      }),
    ];
    if (words.length > 0) alternatives.push(wordPattern(words));
    if (settings.globalNames.size > 0) alternatives.push(String.raw`\b(globalThis|global|window|self)\b`);
    if (settings.legacyHeaders !== undefined) alternatives.push(String.raw`headers|\breq\b|\brequest\b|header\s*\(|getHeader`);
    this.triggers = new RegExp(alternatives.join('|'), settings.legacyHeaders !== undefined ? 'i' : '');
  }

  /** Whether the file may be a candidate or carry a binding from a configured name. */
  mayMatter(text: string): boolean {
    this.triggers.lastIndex = 0;
    return this.triggers.test(text);
  }

  /** Whether the syntax-only rules may report in this file. */
  mayHaveSyntaxFindings(rel: string, text: string): boolean {
    if (this.settings.productionConfig.matches(rel)) return true;
    if (this.settings.requestPath.empty || !this.settings.requestPath.matches(rel)) return false;
    return mayDeclareSingleton(text) || TENANTISH.test(text) || ORGISH.test(text);
  }
}

/** A pattern of whole identifiers; `default` stands for every default import (`import x from`). */
export function wordPattern(names: readonly string[]): string {
  const plain = [...new Set(names.map((n) => n.replace(/^\./, '')))];
  const parts = plain.map(escape);
  if (plain.includes('default')) parts.push(String.raw`import\b`, String.raw`require\s*\(`);
  return String.raw`(?<![\w$])(${parts.join('|')})(?![\w$])`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What tenantWrites.ts recognises as tenant data, by text (over-approximated: any case, any part of a word). */
const TENANTISH = /tenant|workspace|customer|account|organi[sz]ation|\.user\b|\.session\b|\.auth\b|headers|cookies/i;
/** `org` as tenantWrites.ts splits identifiers: a word start (`orgId`, `org_id`) or a camel-case part (`currentOrg`). */
const ORGISH = /\b[Oo]rgs?\b|\b[Oo]rg[A-Z_]|[a-z0-9]Orgs?\b|[a-z0-9]Org[A-Z_]/;

const EXPRESSION_END = new Set([
  ts.SyntaxKind.Identifier, ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.StringLiteral, ts.SyntaxKind.BigIntLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.SuperKeyword, ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken, ts.SyntaxKind.RegularExpressionLiteral,
]);
const scanner = ts.createScanner(ts.ScriptTarget.Latest, true);

/**
 * Tokens only, no tree: `let`/`var`/`new`, an empty `[]`/`{}` at the top level (brace depth 0),
 * or `static` one level in (a class body). Anything the scan cannot account for (a scan error,
 * unbalanced braces) answers yes, so the file is parsed and judged by the real rule.
 */
export function mayDeclareSingleton(text: string): boolean {
  let error = false;
  scanner.setText(text);
  scanner.setOnError(() => {
    error = true;
  });
  const templates: number[] = [];
  let depth = 0;
  let prev = ts.SyntaxKind.Unknown;
  try {
    for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; prev = k, k = scanner.scan()) {
      if (k === ts.SyntaxKind.SlashToken || k === ts.SyntaxKind.SlashEqualsToken) {
        if (!EXPRESSION_END.has(prev)) k = scanner.reScanSlashToken();
      } else if (k === ts.SyntaxKind.TemplateHead) {
        templates.push(depth);
      } else if (k === ts.SyntaxKind.OpenBraceToken) {
        depth++;
      } else if (k === ts.SyntaxKind.CloseBraceToken) {
        if (templates.length > 0 && templates.at(-1) === depth) {
          k = scanner.reScanTemplateToken(false);
          if (k === ts.SyntaxKind.TemplateTail) templates.pop();
          continue;
        }
        depth--;
        if (depth === 0 && prev === ts.SyntaxKind.OpenBraceToken) return true;
        if (depth < 0) return true;
      } else if (depth === 0 && (k === ts.SyntaxKind.LetKeyword || k === ts.SyntaxKind.VarKeyword || k === ts.SyntaxKind.NewKeyword
        || (k === ts.SyntaxKind.CloseBracketToken && prev === ts.SyntaxKind.OpenBracketToken))) {
        return true;
      } else if (depth === 1 && k === ts.SyntaxKind.StaticKeyword) {
        return true;
      }
      if (error) return true;
    }
    return error || depth !== 0 || templates.length > 0;
  } finally {
    scanner.setText(undefined);
    scanner.setOnError(undefined);
  }
}

const REEXPORT = /export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g;
const IMPORT = /(?:from|import|require\s*\()\s*['"]([^'"]+)['"]/g;

/** A file's project imports and re-exports, by text: for files ruled out before parsing, so --changed-since still finds dependents. */
export function depsByText(file: string, text: string): { deps: string[]; reexports: string[] } {
  const resolveAll = (re: RegExp): string[] => [...text.matchAll(re)].flatMap((m) => {
    const r = m[1] === undefined ? undefined : resolveRelativeSpecifier(file, m[1]);
    return r === undefined ? [] : [r];
  });
  const reexports = [...new Set(resolveAll(REEXPORT))];
  return { deps: [...new Set([...resolveAll(IMPORT), ...reexports])], reexports };
}
