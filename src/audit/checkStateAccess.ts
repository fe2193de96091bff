import { ts } from 'ts-morph';
import { foldString, resolveAlias, skipOuter } from './ConstantFolder.js';
import type { CheckedRuleContext } from './RuleContext.js';
import { calleeText, taintKey } from './mentions.js';
import { tokenName } from './tokenNames.js';
import { isLaunderedAccess } from './originType.js';
import { isModuleLoad } from './StateResolver.js';
import { isUndecidable, movesValue } from './valueUses.js';

const REFLECT_KEYED = new Set(['get', 'set', 'has', 'deleteProperty', 'defineProperty', 'getOwnPropertyDescriptor']);

/** Rules `state-access` and `unverifiable-access` on one candidate file outside the wrappers. */
export function checkStateAccess(ctx: CheckedRuleContext): void {
  if (ctx.isWrapper) return;
  const { resolver, sink, tainted, sf } = ctx;
  const checker = resolver.checker;

  const moduleLoad = (node: ts.Node, spec: ts.Expression | undefined, how: string): void => {
    if (spec === undefined) return;
    if (ts.isStringLiteralLike(spec)) {
      if (resolver.isStateSpecifier(spec)) sink.report('state-access', node, `${how} state module '${spec.text}' outside the wrappers`, spec.text);
    } else {
      const folded = foldString(spec, checker);
      if (folded === undefined) sink.report('unverifiable-access', node, `${how} a module named at run time: the audit cannot tell whether it is state`, how);
      else if (resolver.isStateSpecifier(ts.factory.createStringLiteral(folded)) || ctx.settings.statePackages.includes(folded)) {
        sink.report('state-access', node, `${how} state module '${folded}' outside the wrappers`, folded);
      }
    }
  };

  const identifier = (id: ts.Identifier): void => {
    // A name in a type (a type alias, an annotation, `typeof x`) moves no value: not access.
    if (!tainted.has(taintKey(id)) || isDeclarationName(id) || !isExpressionPosition(id)) return;
    const parent = id.parent;
    const symbol = ts.isShorthandPropertyAssignment(parent) && parent.name === id
      ? checker.getShorthandAssignmentValueSymbol(parent) : checker.getSymbolAtLocation(id);
    if (resolver.isDefinedIn(symbol, sf.fileName)) return;
    let state = resolver.isStateSymbol(symbol);
    // A member of a cast's own type (`(x as { conn: C }).conn`) is plausible when the cast hides an untyped origin.
    const laundered = ts.isPropertyAccessExpression(parent) && parent.name === id && isLaunderedAccess(checker, parent);
    if (!state && (laundered || resolver.isPlausibleSymbol(symbol))) {
      let expr: ts.Expression = ts.isPropertyAccessExpression(parent) && parent.name === id ? parent : id;
      state = resolver.isStateExpression(expr);
      while (!state && ts.isCallExpression(expr.parent) && expr.parent.expression === expr) {
        expr = expr.parent;
        state = resolver.isStateExpression(expr);
      }
    }
    if (!state && isUndecidable(resolver, id, symbol)) {
      sink.report('unverifiable-access', id, `'${id.text}' is untyped and comes from code that leads to tenant state: the audit cannot tell whether it is state`, id.text);
      return;
    }
    if (state) sink.report('state-access', id, `'${id.text}' is tenant state (${describe(checker, resolveAlias(checker, symbol), id, ctx.settings.namesInFile)}), used outside the wrappers`, id.text);
  };

  const dynamicKey = (node: ts.Node, target: ts.Expression, key: ts.Expression, how: string): void => {
    const folded = foldString(key, checker);
    if (folded !== undefined) {
      const viaGlobal = resolver.isGlobalObject(target) && ctx.settings.globalNames.has(folded);
      const prop = checker.getTypeAtLocation(skipOuter(target)).getProperty(folded);
      if (viaGlobal || resolver.isStateSymbol(prop)) sink.report('state-access', node, `${how} reaches tenant state '${folded}' outside the wrappers`, folded);
      return;
    }
    if (mentionsTainted(target, tainted) && resolver.mayHoldState(target)) {
      sink.report('unverifiable-access', node, `${how} with a key computed at run time on an object that holds tenant state`, how);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined)) {
      if (!movesValue(node, sf)) return;
      moduleLoad(node, node.moduleSpecifier, ts.isImportDeclaration(node) ? 'imports' : 're-exports');
      if (ts.isExportDeclaration(node)) ts.forEachChild(node, visit);
      return;
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      moduleLoad(node, node.moduleReference.expression, 'import = require of');
      return;
    }
    if (ts.isCallExpression(node)) {
      const token = tokenName(node.arguments[0]);
      const registration = token !== undefined && tainted.has(token) ? resolver.tokens.lookup(node) : undefined;
      if (registration !== undefined) {
        sink.report('state-access', node, `${calleeText(node.expression)}(${registration.text}) returns the tenant state registered under ${registration.text} at ${registration.site}, used outside the wrappers`, registration.text);
      }
      if (isModuleLoad(node)) moduleLoad(node, node.arguments[0], node.expression.kind === ts.SyntaxKind.ImportKeyword ? 'import()s' : 'requires');
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'eval') {
        sink.report('unverifiable-access', node, 'eval runs code the audit cannot see', 'eval');
      } else if (isReflectKeyed(node) && node.arguments[0] !== undefined && node.arguments[1] !== undefined) {
        dynamicKey(node, node.arguments[0], node.arguments[1], `Reflect.${(node.expression as ts.PropertyAccessExpression).name.text}`);
      }
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') {
      sink.report('unverifiable-access', node, 'new Function runs code the audit cannot see', 'Function');
    }
    if (ts.isElementAccessExpression(node)) {
      const key = skipOuter(node.argumentExpression);
      if (!ts.isNumericLiteral(key)) dynamicKey(node, node.expression, node.argumentExpression, 'computed access');
    }
    if (ts.isPropertyAccessExpression(node) && ctx.settings.globalNames.has(node.name.text) && resolver.isGlobalObject(node.expression)
      && ctx.settings.namesInFile.get(sf.fileName)?.has(node.name.text) !== true) {
      sink.report('state-access', node, `global '${node.name.text}' is tenant state, used outside the wrappers`, node.name.text);
    }
    if (ts.isIdentifier(node)) {
      identifier(node);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

export function isReflectKeyed(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Reflect'
    && REFLECT_KEYED.has(callee.name.text);
}

function mentionsTainted(node: ts.Node, tainted: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node)) return tainted.has(taintKey(node)) || node.text === 'globalThis' || node.text === 'window' || node.text === 'global';
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.forEachChild(node, (c) => (mentionsTainted(c, tainted) ? true : undefined)) === true;
}

/** `Redis from ioredis` for a symbol of a state module, else what the value is typed as. */
function describe(checker: ts.TypeChecker, symbol: ts.Symbol | undefined, id: ts.Identifier, roots: ReadonlyMap<string, ReadonlySet<string>>): string {
  const decl = symbol?.declarations?.[0];
  const file = decl?.getSourceFile().fileName ?? '';
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 14).split('/');
    const pkg = parts.slice(0, parts[0]?.startsWith('@') === true ? 2 : 1).join('/');
    return decl !== undefined && ts.isSourceFile(decl) ? `the ${pkg} module` : `${symbol?.getName() ?? id.text} from ${pkg}`;
  }
  if (roots.get(file)?.has(symbol?.getName() ?? '') === true) return `a state global declared in ${file.split('/').slice(-2).join('/')}`;
  if (decl !== undefined && (ts.isClassLike(decl) || ts.isFunctionDeclaration(decl))) return `${symbol?.getName() ?? id.text}, declared in ${file.split('/').slice(-2).join('/')}`;
  const type = checker.typeToString(checker.getTypeAtLocation(id));
  return type === 'any' ? 'a value taken from state, through any' : `a ${type}`;
}

export function isExpressionPosition(id: ts.Identifier): boolean {
  let n: ts.Node = id;
  while (n.parent !== undefined && (ts.isQualifiedName(n.parent) || ts.isPropertyAccessExpression(n.parent))) n = n.parent;
  // `class X extends Base` evaluates Base; `implements` only names a type.
  if (ts.isExpressionWithTypeArguments(n.parent) && ts.isHeritageClause(n.parent.parent)) return n.parent.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(n.parent.parent.parent);
  return !ts.isTypeNode(n.parent) && !ts.isTypeReferenceNode(n.parent) && !ts.isExpressionWithTypeArguments(n.parent)
    && !ts.isHeritageClause(n.parent) && !ts.isTypeQueryNode(n.parent);
}

export function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isShorthandPropertyAssignment(p)) return false;
  if (ts.isBindingElement(p)) return p.name === id || p.propertyName === id;
  if (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)
    || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) return p.name === id;
  if (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassLike(p)
    || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p) || ts.isImportEqualsDeclaration(p)
    || ts.isTypeParameterDeclaration(p) || ts.isModuleDeclaration(p) || ts.isNamespaceExport(p)) return p.name === id;
  return ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isExportSpecifier(p) || ts.isLabeledStatement(p)
    || ts.isBreakOrContinueStatement(p);
}
