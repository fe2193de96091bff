import { ts } from 'ts-morph';
import type { FactsBuilder } from './FactsBuilder.js';
import { calleeOfCallback, containerName, union } from './factPatterns.js';
import { collect, mentions } from './mentions.js';

/**
 * Facts of a declaration or assignment: the name it binds and the names it is bound from
 * (`const r = redis`, `client: Redis`, `x.y = z`, a function's returns, a class's heritage).
 */
export function bindingFacts(node: ts.Node, b: FactsBuilder): void {
  switch (node.kind) {
    case ts.SyntaxKind.VariableDeclaration: {
      const d = node as ts.VariableDeclaration;
      b.edge(d.name, union(mentions(d.initializer), mentions(d.type)));
      return;
    }
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature: {
      const d = node as ts.ParameterDeclaration | ts.PropertyDeclaration;
      const from = union(mentions(d.initializer), mentions(d.type));
      // `@Inject('REDIS') private r`: injected by token, so bound from it.
      for (const dec of ts.canHaveDecorators(d) ? ts.getDecorators(d) ?? [] : []) collect(dec.expression, from);
      // An untyped callback parameter gets what the receiver hands it: `clients.map((c) => …)`.
      if (ts.isParameter(d) && d.type === undefined) for (const n of mentions(calleeOfCallback(d))) from.add(n);
      b.edge(d.name, from);
      // A type with a state-typed member leads to state too: `h[key]` on it must be looked at.
      b.edge(containerName(node), from);
      return;
    }
    case ts.SyntaxKind.PropertyAssignment: {
      const d = node as ts.PropertyAssignment;
      b.edge(d.name, mentions(d.initializer));
      return;
    }
    case ts.SyntaxKind.ShorthandPropertyAssignment: {
      const d = node as ts.ShorthandPropertyAssignment;
      b.edges.push([`.${d.name.text}`, [d.name.text], 0]);
      return;
    }
    case ts.SyntaxKind.BinaryExpression: {
      const e = node as ts.BinaryExpression;
      if (e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
      const target = ts.isPropertyAccessExpression(e.left) ? e.left.name : ts.isElementAccessExpression(e.left) ? e.left.argumentExpression : e.left;
      if (ts.isStringLiteral(target)) b.edges.push([`.${target.text}`, [...mentions(e.right)], 0]);
      else b.edge(target, mentions(e.right));
      return;
    }
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.MethodSignature: {
      const f = node as ts.FunctionLikeDeclaration;
      b.edge(f.name, mentions(f));
      return;
    }
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.InterfaceDeclaration: {
      const c = node as ts.ClassDeclaration | ts.InterfaceDeclaration;
      const from = new Set<string>();
      for (const h of c.heritageClauses ?? []) for (const t of h.types) collect(t.expression, from);
      b.edge(c.name, from);
      return;
    }
    case ts.SyntaxKind.TypeAliasDeclaration: {
      const t = node as ts.TypeAliasDeclaration;
      b.edge(t.name, mentions(t.type));
      return;
    }
  }
}
