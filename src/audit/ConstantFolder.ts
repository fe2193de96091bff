import { ts } from 'ts-morph';

const MAX_DEPTH = 8;

/**
 * Folds an expression to the string it always evaluates to, or undefined when that depends on
 * run time: literals, templates, `+`, and constants (also imported ones, through the checker).
 */
export function foldString(expr: ts.Expression, checker: ts.TypeChecker | undefined, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isNumericLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const part = foldString(span.expression, checker, depth + 1);
      if (part === undefined) return undefined;
      out += part + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = foldString(e.left, checker, depth + 1);
    const right = left === undefined ? undefined : foldString(e.right, checker, depth + 1);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (checker === undefined) return undefined;
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const literal = literalTypeValue(checker.getTypeAtLocation(e));
    if (literal !== undefined) return literal;
    const symbol = resolveAlias(checker, checker.getSymbolAtLocation(ts.isIdentifier(e) ? e : e.name));
    const decl = symbol?.valueDeclaration;
    if (decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && isConst(decl)) {
      return foldString(decl.initializer, checker, depth + 1);
    }
    if (decl !== undefined && ts.isPropertyAssignment(decl)) return foldString(decl.initializer, checker, depth + 1);
    if (decl !== undefined && ts.isEnumMember(decl)) {
      const value = checker.getConstantValue(decl);
      return value === undefined ? undefined : String(value);
    }
  }
  return undefined;
}

export function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)
      || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else return e;
  }
}

export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  if (symbol === undefined || (symbol.flags & ts.SymbolFlags.Alias) === 0) return symbol;
  try {
    return checker.getAliasedSymbol(symbol);
  } catch {
    return symbol;
  }
}

function literalTypeValue(type: ts.Type): string | undefined {
  if (type.isStringLiteral()) return type.value;
  if (type.isNumberLiteral()) return String(type.value);
  return undefined;
}

function isConst(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
}
