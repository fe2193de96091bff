import { ts } from 'ts-morph';
import { enclosingName } from './FindingSink.js';
import { resolveProjectSpecifier } from './resolveProjectSpecifier.js';

/**
 * Header names as the syntax spells them, folded across files from the facts alone (no type
 * checker): a part is literal text, or `[name]` for a constant to look up (`NAME`, `NAME.member`
 * of a const object or an enum), resolved through the file's top-level constants, its imports
 * and the exporting files' re-exports. The same facts give the same names in a full run and a
 * --changed-since run (cached facts or fresh), so both decide a header read alike.
 */
export type NamePart = string | [string];

export interface HeaderRead {
  line: number;
  column: number;
  /** `Class.method`, `fn` or `<module>`: what a baseline entry is pinned to. */
  scope: string;
  parts: NamePart[];
}

/** What other files may fold from this one. */
export interface ConstFacts {
  consts?: Record<string, NamePart[]>;
  /** Local name → [project file, exported name or `*` for a namespace]. */
  imports?: Record<string, [string, string]>;
  /** Exported name → [project file, or '' for this file; name there]. */
  exportsAs?: Record<string, [string, string]>;
}

const MAX_DEPTH = 8;
/** Characters of an HTTP field name (RFC 9110 token), or nothing (an empty part of a template). */
const HTTP_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]*$/;

export function headerRead(node: ts.Node, parts: NamePart[] | undefined): HeaderRead | undefined {
  if (parts === undefined) return undefined;
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { line: line + 1, column: character + 1, scope: enclosingName(node), parts };
}

/**
 * The parts of a name expression, or undefined when it depends on run time: literals, templates,
 * `+`, and constants, a name bound inside a function resolved where it is declared (a parameter,
 * a `let`, a loop variable: run time).
 */
export function namePartsOf(expr: ts.Expression, depth = 0): NamePart[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) {
    const out: NamePart[] = [e.head.text];
    for (const span of e.templateSpans) {
      const part = namePartsOf(span.expression, depth + 1);
      if (part === undefined) return undefined;
      out.push(...part, span.literal.text);
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = namePartsOf(e.left, depth + 1);
    const right = left === undefined ? undefined : namePartsOf(e.right, depth + 1);
    return left === undefined || right === undefined ? undefined : [...left, ...right];
  }
  if (ts.isIdentifier(e)) return bindingParts(e, e.text, depth);
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    const owner = bindingParts(e.expression, e.expression.text, depth);
    return owner?.length === 1 && Array.isArray(owner[0]) ? [[`${e.expression.text}.${e.name.text}`]] : undefined;
  }
  return undefined;
}

/** Where `name` is declared, seen from `at`: a local const folds here, a top-level name is a reference, anything else is run time. */
function bindingParts(at: ts.Node, name: string, depth: number): NamePart[] | undefined {
  for (let n: ts.Node | undefined = at.parent; n !== undefined; n = n.parent) {
    if (ts.isSourceFile(n)) return [[name]];
    if (ts.isFunctionLike(n) && n.parameters.some((p) => declares(p.name, name))) return undefined;
    if ((ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isForStatement(n)) && n.initializer !== undefined
      && ts.isVariableDeclarationList(n.initializer) && n.initializer.declarations.some((d) => declares(d.name, name))) return undefined;
    if (ts.isCatchClause(n) && n.variableDeclaration !== undefined && declares(n.variableDeclaration.name, name)) return undefined;
    if (ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
      for (const st of n.statements) {
        if (ts.isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) {
            if (!declares(d.name, name)) continue;
            const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
            return isConst && ts.isIdentifier(d.name) && d.initializer !== undefined ? namePartsOf(d.initializer, depth + 1) : undefined;
          }
        } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name?.text === name) return undefined;
      }
    }
  }
  return undefined;
}

function declares(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((el) => !ts.isOmittedExpression(el) && declares(el.name, name));
}

/** The top-level constants, imports and re-exports of a file: what a header name in another file may fold from. */
export function constFacts(sf: ts.SourceFile): ConstFacts {
  const consts: Record<string, NamePart[]> = {};
  const imports: Record<string, [string, string]> = {};
  const exportsAs: Record<string, [string, string]> = {};
  // Only what can be part of a header name (an HTTP token): `'~effect/Schema'` or a sentence never is.
  const put = (name: string, init: ts.Expression | undefined): void => {
    const parts = init === undefined ? undefined : namePartsOf(init);
    if (parts !== undefined && parts.every((p) => typeof p !== 'string' || HTTP_TOKEN.test(p))) consts[name] = parts;
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st) && (st.declarationList.flags & ts.NodeFlags.Const) !== 0) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.initializer === undefined) continue;
        let init = d.initializer;
        while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
        if (ts.isObjectLiteralExpression(init)) {
          for (const p of init.properties) if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) put(`${d.name.text}.${p.name.text}`, p.initializer);
        } else put(d.name.text, d.initializer);
      }
    } else if (ts.isEnumDeclaration(st)) {
      for (const m of st.members) if (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) put(`${st.name.text}.${m.name.text}`, m.initializer);
    } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause !== undefined) {
      const dep = resolveProjectSpecifier(sf.fileName, st.moduleSpecifier.text);
      if (dep === undefined) continue;
      const clause = st.importClause;
      if (clause.name !== undefined) imports[clause.name.text] = [dep, 'default'];
      const b = clause.namedBindings;
      if (b !== undefined && ts.isNamespaceImport(b)) imports[b.name.text] = [dep, '*'];
      if (b !== undefined && ts.isNamedImports(b)) for (const s of b.elements) imports[s.name.text] = [dep, (s.propertyName ?? s.name).text];
    } else if (ts.isExportDeclaration(st) && st.exportClause !== undefined && ts.isNamedExports(st.exportClause)) {
      const spec = st.moduleSpecifier !== undefined && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      const dep = spec === undefined ? '' : resolveProjectSpecifier(sf.fileName, spec);
      if (dep === undefined) continue;
      for (const s of st.exportClause.elements) exportsAs[s.name.text] = [dep, (s.propertyName ?? s.name).text];
    }
  }
  const out: ConstFacts = {};
  if (Object.keys(consts).length > 0) out.consts = consts;
  if (Object.keys(imports).length > 0) out.imports = imports;
  if (Object.keys(exportsAs).length > 0) out.exportsAs = exportsAs;
  return out;
}
