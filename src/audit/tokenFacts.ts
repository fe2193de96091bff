import { ts } from 'ts-morph';
import type { FactsBuilder } from './FactsBuilder.js';
import { collect } from './mentions.js';
import { chainedToken, TOKEN_PREFIX, tokenName } from './tokenNames.js';

/**
 * Values handed over under a token: `container.register('redis', { useValue: client })`,
 * `app.set('redis', redis)`, `bind(TOKEN).toConstantValue(x)`, `{ provide: 'REDIS', useValue: r }`,
 * then taken back by the same token elsewhere (`container.resolve('redis')`, `@Inject('REDIS')`).
 * By name, `token:<text>` stands for a token: a string literal, or a constant's name. A call
 * that passes values beside a token binds the token from them; a call given the token mentions
 * it, so what it returns is bound from the token. The checker then decides which registrations
 * hold state and which lookups reach them (TokenRoutes.ts).
 */
/** Registrations and token constants of one node (see the module comment). */
export function tokenFacts(node: ts.Node, b: FactsBuilder): void {
  if (ts.isCallExpression(node)) {
    const own = tokenName(node.arguments[0]);
    if (own !== undefined) b.ids.add(own);
    const chained = chainedToken(node);
    if (own !== undefined && node.arguments.length > 1) register(b, own, node.arguments.slice(1));
    else if (chained !== undefined && node.arguments.length > 0) register(b, chained, node.arguments);
  } else if (ts.isObjectLiteralExpression(node)) {
    const provide = node.properties.find((p) => ts.isPropertyAssignment(p) && propertyText(p.name) === 'provide');
    const token = provide !== undefined && ts.isPropertyAssignment(provide) ? tokenName(provide.initializer) : undefined;
    if (token !== undefined) register(b, token, node.properties.filter((p) => p !== provide));
  } else if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) {
    // `const CACHE = 'cache'`, `TOKENS = { cache: 'cache' }`: the constant and its text are one token.
    const init = node.initializer;
    const name = ts.isIdentifier(node.name) ? node.name.text : undefined;
    if (name !== undefined && init !== undefined && ts.isStringLiteralLike(init)) {
      const literal = tokenName(init);
      if (literal !== undefined) {
        b.edges.push([`${TOKEN_PREFIX}${name}`, [literal], 0], [literal, [`${TOKEN_PREFIX}${name}`], 0]);
      }
    }
  }
}

function register(b: FactsBuilder, token: string, values: readonly ts.Node[]): void {
  const from = new Set<string>();
  for (const v of values) collect(v, from);
  from.delete(token);
  if (from.size === 0) return;
  b.edges.push([token, [...from], 0]);
  b.registers.add(token);
}

function propertyText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}
