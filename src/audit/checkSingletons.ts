import { ts } from 'ts-morph';
import type { CheckedRuleContext, RuleContext } from './RuleContext.js';
import { tenantWrite, type ModuleValue } from './tenantWrites.js';

/**
 * Rule `module-singleton`, syntax half: a module-level value (binding, container, instance,
 * static field) that request-path functions write tenant-derived data into. A module-level
 * Map of metrics, an HTTP client, a DI container or a logger is shared too, but holds nothing
 * of a tenant's, so it is not a finding. Never in wrappers (state lives there by design), nor
 * for the state globals a module is configured to declare (their uses are state access).
 */
export function checkSingletons(ctx: RuleContext): void {
  if (!appliesTo(ctx)) return;
  for (const value of moduleValues(ctx)) {
    const write = tenantWrite(ctx.sf, value);
    if (write === undefined) continue;
    ctx.sink.report('module-singleton', value.node, `module-level '${value.name}' is shared by every request and request code writes tenant data into it: `
      + `${write.text} (line ${write.line})`, value.name);
  }
}

/** Rule `module-singleton`, checker half: a module-level value that holds tenant state (a client, a manager, a collection of them). */
export function checkSingletonState(ctx: CheckedRuleContext): void {
  if (!appliesTo(ctx)) return;
  for (const value of moduleValues(ctx)) {
    if (value.initializer === undefined || !ts.isVariableDeclaration(value.node)) continue;
    const symbol = ctx.resolver.checker.getSymbolAtLocation(value.node.name);
    if (!ctx.resolver.isStateSymbol(symbol) && !ctx.resolver.mayHoldState(value.initializer)) continue;
    const type = ctx.resolver.checker.typeToString(ctx.resolver.checker.getTypeAtLocation(value.node.name));
    ctx.sink.report('module-singleton', value.node, `module-level '${value.name}' holds tenant state (${type}) shared by every request`, value.name);
  }
}

function appliesTo(ctx: RuleContext): boolean {
  return !ctx.isWrapper && !ctx.settings.requestPath.empty && ctx.settings.requestPath.matches(ctx.file) && !ctx.sf.isDeclarationFile;
}

function moduleValues(ctx: RuleContext): ModuleValue[] {
  const declared = ctx.settings.namesInFile.get(ctx.sf.fileName);
  const out: ModuleValue[] = [];
  for (const statement of ctx.sf.statements) {
    if (ts.isVariableStatement(statement) && !hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && declared?.has(d.name.text) !== true) out.push({ name: d.name.text, node: d, initializer: d.initializer, static: undefined });
      }
    } else if (ts.isClassDeclaration(statement) && statement.name !== undefined) {
      for (const member of statement.members) {
        if (ts.isPropertyDeclaration(member) && hasModifier(member, ts.SyntaxKind.StaticKeyword) && ts.isIdentifier(member.name)) {
          out.push({ name: `${statement.name.text}.${member.name.text}`, node: member, initializer: member.initializer, static: [statement.name.text, member.name.text] });
        }
      }
    }
  }
  return out;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}
