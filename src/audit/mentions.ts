import { ts } from 'ts-morph';
import { isModuleLoad } from './declarationSources.js';
import { modulePseudoName } from './resolveProjectSpecifier.js';
import { tokenName } from './tokenNames.js';

/** The names an expression or type is built from; of a function, only what it returns. */
export function mentions(node: ts.Node | undefined): Set<string> {
  const out = new Set<string>();
  if (node !== undefined) collect(node, out);
  return out;
}

export function collect(node: ts.Node, out: Set<string>): void {
  if (ts.isIdentifier(node)) {
    out.add(taintKey(node));
    return;
  }
  if (ts.isCallExpression(node)) {
    const arg = node.arguments[0];
    if (isModuleLoad(node)) {
      if (arg !== undefined && ts.isStringLiteralLike(arg)) out.add(modulePseudoName(node.getSourceFile().fileName, arg.text));
    } else {
      // What a call given a token returns may be what was registered under it (tokenFacts.ts).
      const token = tokenName(arg);
      if (token !== undefined) out.add(token);
    }
  }
  if (ts.isFunctionLike(node)) {
    const f = node as ts.SignatureDeclaration & { body?: ts.Node };
    if (f.type !== undefined) collect(f.type, out);
    const body = f.body;
    if (body === undefined) return;
    if (!ts.isBlock(body)) collect(body, out);
    else collectReturns(body, out);
    return;
  }
  if (ts.isClassLike(node)) {
    for (const h of node.heritageClauses ?? []) for (const t of h.types) collect(t.expression, out);
    return;
  }
  ts.forEachChild(node, (child) => collect(child, out));
}

function collectReturns(node: ts.Node, out: Set<string>): void {
  if (ts.isReturnStatement(node)) {
    if (node.expression !== undefined) collect(node.expression, out);
    return;
  }
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
  ts.forEachChild(node, (child) => collectReturns(child, out));
}

/** `req.headers`, `this.req`: the dotted text of a receiver, enough to recognise header bags by name. */
export function calleeText(expr: ts.Expression): string {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return `${calleeText(e.expression)}.${e.name.text}`;
  if (ts.isCallExpression(e)) return `${calleeText(e.expression)}()`;
  return e.kind === ts.SyntaxKind.ThisKeyword ? 'this' : '';
}

/** Whether a declared name is visible only in its file (see FileFacts.edges). */
export function isFileLocal(name: ts.Node): boolean {
  const p = name.parent;
  if (p === undefined) return false;
  if (ts.isParameter(p) || ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isImportEqualsDeclaration(p)) return true;
  if (ts.isExportSpecifier(p) || ts.isNamespaceExport(p) || ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) return false;
  if (ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)
    || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isShorthandPropertyAssignment(p)) return false;
  if (ts.isBinaryExpression(p)) return true;
  let decl: ts.Node = p;
  while (ts.isBindingElement(decl) || ts.isObjectBindingPattern(decl) || ts.isArrayBindingPattern(decl)) decl = decl.parent;
  if (ts.isParameter(decl)) return true;
  for (let n: ts.Node | undefined = decl.parent; n !== undefined && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isBlock(n) || ts.isClassStaticBlockDeclaration(n)) return true;
  }
  const statement = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return !(ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
}

/**
 * How a name is tainted: `.name` for a member (`x.name`, `{ name }` destructured, a property or
 * method declared), the bare name for a binding. Members are looked up project-wide; a bare name
 * the file declares itself is its own.
 */
export function taintKey(id: ts.Identifier): string {
  return isMemberName(id) ? `.${id.text}` : id.text;
}

export function isMemberName(name: ts.Node): boolean {
  const p = name.parent;
  if (p === undefined) return false;
  if (ts.isPropertyAccessExpression(p)) return p.name === name;
  if (ts.isQualifiedName(p)) return p.right === name;
  if (ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)
    || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) return p.name === name;
  if (ts.isBindingElement(p)) return p.propertyName === name;
  if (ts.isBinaryExpression(p)) return false;
  return false;
}
