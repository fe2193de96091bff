import { ts } from 'ts-morph';
import { foldString, skipOuter } from './ConstantFolder.js';
import { NOT_A_CLIENT, RAW_COMMAND } from './factPatterns.js';
import type { CheckedRuleContext } from './RuleContext.js';

/**
 * Rule `redis-keys`, wrappers included: a Redis client (a value whose type offers `scan`, so a
 * Map's or an object's `keys` is not mistaken for it) asked for KEYS, directly or as a raw command.
 */
export function checkRedisKeys(ctx: CheckedRuleContext): void {
  const checker = ctx.resolver.checker;
  const isRedisClient = (expr: ts.Expression): boolean => {
    const e = skipOuter(expr);
    if (ts.isIdentifier(e) && NOT_A_CLIENT.has(e.text)) return false;
    const type = checker.getTypeAtLocation(e);
    if ((type.flags & ts.TypeFlags.Any) !== 0) return ctx.resolver.isStateExpression(e);
    return checker.getApparentType(type).getProperty('scan') !== undefined || ctx.resolver.isStateExpression(e);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const { name, expression: receiver } = node.expression;
      if (name.text === 'keys' && node.arguments.length > 0 && isRedisClient(receiver)) {
        ctx.sink.report('redis-keys', node, 'Redis KEYS walks the whole keyspace (every tenant\'s keys) and blocks the server', 'keys');
      } else if (RAW_COMMAND.has(name.text) && isKeysCommand(node.arguments[0], checker) && isRedisClient(receiver)) {
        ctx.sink.report('redis-keys', node, `Redis KEYS sent as a raw command (${name.text}) walks the whole keyspace`, 'keys');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(ctx.sf);
}

function isKeysCommand(arg: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (arg === undefined) return false;
  const e = skipOuter(arg);
  const first = ts.isArrayLiteralExpression(e) ? e.elements[0] : e;
  if (first === undefined || ts.isSpreadElement(first) || ts.isOmittedExpression(first)) return false;
  return foldString(first, checker)?.toLowerCase() === 'keys';
}
