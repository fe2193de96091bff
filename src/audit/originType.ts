import { ts } from 'ts-morph';
import { foldString, resolveAlias, skipOuter } from './ConstantFolder.js';
import { isModuleLoad } from './declarationSources.js';

const OPAQUE = ts.TypeFlags.Any | ts.TypeFlags.Unknown;
const MAX_DEPTH = 12;

/** Finds the module a `require('x')` names, which the checker resolves only in JavaScript files. */
export type ModuleLookup = (specifier: string, fromFile: string) => ts.Symbol | undefined;

/**
 * The type an expression had before a cast or an untyped route (`as any`, `: unknown`,
 * `require`, `import()`) erased it: followed through the syntax to where the value came from.
 * Undefined when the origin is itself untyped (a parameter typed `any`, a run-time key).
 */
export function originType(checker: ts.TypeChecker, lookup: ModuleLookup, expr: ts.Expression, depth = 0): ts.Type | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(expr);
  const own = checker.getTypeAtLocation(e);
  const laundered = isLaunderedAccess(checker, e);
  if ((own.flags & OPAQUE) === 0 && e === expr && !laundered) return own;
  const next = (x: ts.Expression): ts.Type | undefined => originType(checker, lookup, x, depth + 1);
  if (ts.isCallExpression(e) && isModuleLoad(e)) {
    const spec = e.arguments[0];
    if (spec === undefined || !ts.isStringLiteralLike(spec)) return undefined;
    const module = checker.getSymbolAtLocation(spec) ?? lookup(spec.text, e.getSourceFile().fileName);
    return module === undefined ? undefined : checker.getTypeOfSymbol(module);
  }
  if ((own.flags & OPAQUE) === 0 && !laundered) return own;
  if (ts.isIdentifier(e)) {
    const symbol = checker.getSymbolAtLocation(e);
    const target = resolveAlias(checker, symbol);
    // Imported from a module the program does not resolve or was served empty (it leads to no
    // state): a value from there is not state; a configured state module always resolves.
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0 && (target?.declarations ?? []).length === 0) return checker.getNeverType();
    const decl = target?.valueDeclaration;
    return decl === undefined ? undefined : declarationOrigin(checker, lookup, decl, depth + 1);
  }
  if (ts.isPropertyAccessExpression(e)) return memberOf(checker, next(e.expression), e.name.text);
  if (ts.isElementAccessExpression(e)) {
    const key = foldString(e.argumentExpression, checker);
    return key === undefined ? undefined : memberOf(checker, next(e.expression), key);
  }
  if (ts.isCallExpression(e)) {
    const callee = next(e.expression);
    const signature = callee?.getCallSignatures()[0];
    return signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature);
  }
  if (ts.isNewExpression(e)) {
    const ctor = next(e.expression);
    const signature = ctor?.getConstructSignatures()[0];
    return signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature);
  }
  return undefined;
}

/** The origin of what a declaration holds: its initializer, or the member of what it destructures. */
function declarationOrigin(checker: ts.TypeChecker, lookup: ModuleLookup, decl: ts.Declaration, depth: number): ts.Type | undefined {
  if (ts.isBindingElement(decl)) {
    const pattern = decl.parent;
    const holder = pattern.parent;
    const source = ts.isVariableDeclaration(holder) ? holder.initializer : ts.isBindingElement(holder) ? undefined : undefined;
    const base = ts.isBindingElement(holder) ? declarationOrigin(checker, lookup, holder, depth + 1)
      : source === undefined ? undefined : originType(checker, lookup, source, depth + 1);
    if (ts.isArrayBindingPattern(pattern)) return base === undefined ? undefined : elementOf(checker, base);
    const key = decl.propertyName ?? decl.name;
    const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    return name === undefined ? undefined : memberOf(checker, base, name);
  }
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer !== undefined) {
    return originType(checker, lookup, decl.initializer, depth);
  }
  if (ts.isShorthandPropertyAssignment(decl)) return originType(checker, lookup, decl.name, depth);
  return undefined;
}

function memberOf(checker: ts.TypeChecker, type: ts.Type | undefined, name: string): ts.Type | undefined {
  if (type === undefined) return undefined;
  const awaited = checker.getAwaitedType(type) ?? type;
  const prop = awaited.getProperty(name);
  return prop === undefined ? undefined : checker.getTypeOfSymbol(prop);
}

function elementOf(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
  return checker.getIndexTypeOfType(type, ts.IndexKind.Number) ?? (checker.isTupleType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : undefined);
}



/**
 * A member read through a cast of an untyped value (`(handle as { conn: C }).conn`, `handle`
 * being `unknown`): the cast's type says nothing of what the value is, so its origin decides.
 */
export function isLaunderedAccess(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  let e = expr;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    e = e.expression;
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) {
      return (checker.getTypeAtLocation(skipOuter(e.expression)).flags & OPAQUE) !== 0;
    }
  }
  return false;
}
