import { ts } from 'ts-morph';
import { skipOuter } from './ConstantFolder.js';
import type { RuleContext } from './RuleContext.js';

/** Constructed once and never mutated, so safe to share between requests. */
const IMMUTABLE_CLASSES = new Set(['RegExp', 'URL', 'TextEncoder', 'TextDecoder', 'Error', 'TypeError', 'Intl', 'Date']);

/**
 * Rule `module-singleton` (syntax only): module-level `let`/`var`, module-level containers and
 * instances (`new Map()`, `[]`, `{}`, `new Service()`), `export default new X()`, and
 * non-readonly static fields, in request-path files.
 */
export function checkSingletons(ctx: RuleContext): void {
  if (ctx.settings.requestPath.empty || !ctx.settings.requestPath.matches(ctx.file) || ctx.sf.isDeclarationFile) return;
  for (const statement of ctx.sf.statements) {
    if (ts.isVariableStatement(statement) && !hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) variables(ctx, statement);
    else if (ts.isExportAssignment(statement) && isSharedInstance(statement.expression)) {
      ctx.sink.report('module-singleton', statement, 'the default export is one instance shared by every request', 'default');
    } else if (ts.isClassDeclaration(statement)) staticFields(ctx, statement);
  }
}

function variables(ctx: RuleContext, statement: ts.VariableStatement): void {
  const mutableBinding = (statement.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using)) !== ts.NodeFlags.Const;
  for (const d of statement.declarationList.declarations) {
    const name = ts.isIdentifier(d.name) ? d.name.text : '<pattern>';
    if (mutableBinding && (statement.declarationList.flags & ts.NodeFlags.Using) === 0) {
      ctx.sink.report('module-singleton', d, `module-level '${name}' is a mutable binding shared by every request`, name);
    } else if (d.initializer !== undefined && isSharedInstance(d.initializer)) {
      ctx.sink.report('module-singleton', d, `module-level '${name}' is one mutable object shared by every request`, name);
    }
  }
}

function staticFields(ctx: RuleContext, cls: ts.ClassDeclaration): void {
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && hasModifier(member, ts.SyntaxKind.StaticKeyword) && !hasModifier(member, ts.SyntaxKind.ReadonlyKeyword)) {
      const name = `${cls.name?.text ?? '<class>'}.${member.name.getText(ctx.sf)}`;
      ctx.sink.report('module-singleton', member, `static field '${name}' is mutable state shared by every request`, name);
    }
  }
}

function isSharedInstance(expr: ts.Expression): boolean {
  if (ts.isAsExpression(expr) && ts.isTypeReferenceNode(expr.type) && ts.isIdentifier(expr.type.typeName) && expr.type.typeName.text === 'const') return false;
  const e = skipOuter(expr);
  if (ts.isNewExpression(e)) {
    const callee = ts.isPropertyAccessExpression(e.expression) ? e.expression.expression : e.expression;
    return !(ts.isIdentifier(callee) && IMMUTABLE_CLASSES.has(callee.text));
  }
  if (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e)) return isEmptyLiteral(e);
  return false;
}

function isEmptyLiteral(e: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression): boolean {
  return ts.isArrayLiteralExpression(e) ? e.elements.length === 0 : e.properties.length === 0;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}
