import { ts } from 'ts-morph';
import { foldString } from './ConstantFolder.js';
import { HEADERISH } from './factPatterns.js';
import { calleeText as textOf } from './mentions.js';
import type { CheckedRuleContext } from './RuleContext.js';

const HEADER_METHODS = new Set(['header', 'getHeader', 'headers']);
const MAP_METHODS = new Set(['get', 'has', 'getAll']);

/**
 * Rule `legacy-header`: a read of a legacy tenant header (`headers[...]`, `headers.get()`,
 * `req.header()`, destructuring `headers`), its name folded from literals, templates,
 * concatenation and imported constants. Allowed only in the compat module, until the cutoff.
 */
export function checkLegacyHeaders(ctx: CheckedRuleContext): void {
  const legacy = ctx.settings.legacyHeaders;
  if (legacy === undefined) return;
  const allowedHere = legacy.allowedIn.matches(ctx.file);
  const expired = legacy.until !== undefined && ctx.settings.today > legacy.until;
  if (allowedHere && !expired) return;
  const checker = ctx.resolver.checker;
  const check = (node: ts.Node, header: string | undefined): void => {
    const name = header?.toLowerCase();
    if (name === undefined || !legacy.names.has(name)) return;
    const why = allowedHere ? `after the compatibility window closed on ${legacy.until ?? ''}` : 'outside the compatibility module';
    ctx.sink.report('legacy-header', node, `legacy tenant header '${name}' is read ${why}`, name);
  };
  const fold = (e: ts.Expression | undefined): string | undefined => (e === undefined ? undefined : foldString(e, checker));
  const bindingName = (key: ts.PropertyName | undefined): string | undefined => {
    if (key === undefined) return undefined;
    if (ts.isIdentifier(key) || ts.isStringLiteral(key)) return key.text;
    return ts.isComputedPropertyName(key) ? fold(key.expression) : undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isElementAccessExpression(node) && HEADERISH.test(textOf(node.expression))) check(node, fold(node.argumentExpression));
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = textOf(node.expression.expression);
      if (HEADER_METHODS.has(method) || (MAP_METHODS.has(method) && HEADERISH.test(receiver))) check(node, fold(node.arguments[0]));
    }
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer !== undefined
      && HEADERISH.test(textOf(node.initializer))) {
      for (const el of node.name.elements) check(el, bindingName(el.propertyName ?? (ts.isIdentifier(el.name) ? el.name : undefined)));
    }
    ts.forEachChild(node, visit);
  };
  visit(ctx.sf);
}
