import { ts } from 'ts-morph';
import { taintKey } from './mentions.js';
import type { CheckedRuleContext, RuleContext } from './RuleContext.js';
import { tenantWrites, type ModuleValue } from './tenantWrites.js';

/**
 * Rule `module-singleton`, syntax half: a module-level value (binding, container, instance,
 * static field) that request-path functions write tenant-derived data into. A module-level
 * Map of metrics, an HTTP client, a DI container or a logger is shared too, but holds nothing
 * of a tenant's, so it is not a finding. Never in wrappers (state lives there by design), nor
 * for the state globals a module is configured to declare (their uses are state access).
 */
export function checkSingletons(ctx: RuleContext): void {
  if (!appliesTo(ctx)) return;
  for (const [value, write] of tenantWrites(ctx.sf, moduleValues(ctx))) {
    ctx.sink.report('module-singleton', value.node, `module-level '${value.name}' is shared by every request and request code writes tenant data into it: `
      + `${write.text} (line ${write.line})`, value.name);
  }
}

/** Rule `module-singleton`, checker half: a module-level value that holds tenant state (a client, a manager, a collection of them). */
export function checkSingletonState(ctx: CheckedRuleContext): void {
  if (!appliesTo(ctx)) return;
  for (const value of moduleValues(ctx)) {
    if (value.initializer === undefined || !ts.isVariableDeclaration(value.node)) continue;
    // The checker's answer costs a type per value (most of a large file's time): a value built
    // from no name that may lead to state, and from nothing the audit cannot follow, holds none.
    if (!mayLeadToState(value.initializer, ctx.tainted) && (value.node.type === undefined || !mayLeadToState(value.node.type, ctx.tainted))) continue;
    const symbol = ctx.resolver.checker.getSymbolAtLocation(value.node.name);
    if (!ctx.resolver.isStateSymbol(symbol) && !ctx.resolver.mayHoldState(value.initializer)) continue;
    const type = ctx.resolver.checker.typeToString(ctx.resolver.checker.getTypeAtLocation(value.node.name));
    ctx.sink.report('module-singleton', value.node, `module-level '${value.name}' holds tenant state (${type}) shared by every request`, value.name);
  }
}

/** Names through which a value may reach state without a tainted name: the global object, reflection, dynamic loading. */
const OPAQUE = new Set(['globalThis', 'global', 'window', 'self', 'Reflect', 'require', 'eval', 'Function']);

function mayLeadToState(node: ts.Node, tainted: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node)) return tainted.has(taintKey(node)) || OPAQUE.has(node.text);
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
  return ts.forEachChild(node, (c) => (mayLeadToState(c, tainted) ? true : undefined)) === true;
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
