import { ts } from 'ts-morph';

/** `token:<text>`: a token by name, a string literal's text or a constant's name (tokenFacts.ts). */
export const TOKEN_PREFIX = 'token:';
const MAX_TOKEN = 120;

/** The token pseudo-name of a call's first argument, by its text; undefined for anything else. */
export function tokenName(arg: ts.Expression | undefined): string | undefined {
  if (arg === undefined) return undefined;
  let e = arg;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  if (ts.isStringLiteralLike(e)) return e.text.length > 0 && e.text.length <= MAX_TOKEN ? `${TOKEN_PREFIX}${e.text}` : undefined;
  if (ts.isIdentifier(e)) return constantLike(e.text) ? `${TOKEN_PREFIX}${e.text}` : undefined;
  if (ts.isPropertyAccessExpression(e)) {
    const owner = e.expression;
    return constantLike(e.name.text) || (ts.isIdentifier(owner) && constantLike(owner.text)) ? `${TOKEN_PREFIX}${e.name.text}` : undefined;
  }
  return undefined;
}

/**
 * A name spelled like a constant a token is kept in (`REDIS`, `CACHE_TOKEN`, `Tokens.cache`,
 * `redisToken`), not like a variable (`tenantId`, `path`): a call given a variable is not a
 * registration by name, so a client stored under a tenant's id does not taint every call given
 * one. The checker folds the token either way.
 */
function constantLike(name: string): boolean {
  return /^[A-Z]/.test(name) || /(token|Token|TOKEN)$/.test(name);
}

/** The token of `x.bind(TOKEN).to…(value)`: a call on the result of a call given a token. */
export function chainedToken(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression) ? tokenName(callee.expression.arguments[0]) : undefined;
}
