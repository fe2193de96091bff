import { ts } from 'ts-morph';
import { foldString, resolveAlias, skipOuter } from './ConstantFolder.js';
import { chainedToken, tokenName } from './tokenNames.js';

/** A state value handed over under a token: where, and into what. */
export interface Registration {
  /** `s:<text>` for a string token, `u:<file>:<pos>` for a unique symbol. */
  key: string;
  /** What it was handed to: a receiver's type, a module's functions, or any injector (provider objects). */
  container: string;
  /** `file:line` of the registration, for the message. */
  site: string;
  /** The token as the source spells it. */
  text: string;
}

const ANY_INJECTOR = '*';
const OPAQUE = ts.TypeFlags.Any | ts.TypeFlags.Unknown;

/**
 * The checker's half of values handed over under a token (tokenFacts.ts is the syntax half). A
 * registration is a call that passes a state value beside a constant token (folded: a literal, a
 * constant, an imported constant, a unique symbol), or a provider object `{ provide, use… }`. A
 * lookup is a call whose result is used, given the same token, on the same container: a receiver
 * of the same type (`app.set`/`app.get` on an Application), or a function of the same module
 * (`register`/`resolve`); a provider object's token is taken by an injection decorator
 * (`@Inject(TOKEN)`) or an untyped lookup. The same string as a property key, a config section,
 * a log label or a key of a Map of other things is none of these.
 */
export class TokenRoutes {
  private byKey: Map<string, Registration[]> | undefined;
  private building = false;
  private readonly typeIds = new Map<ts.Type, number>();

  constructor(private readonly checker: ts.TypeChecker, private readonly sources: () => readonly ts.SourceFile[],
    private readonly isStateValue: (e: ts.Expression) => boolean, private readonly siteOf: (node: ts.Node) => string,
    private readonly mayLeadToState: (token: string) => boolean) {}

  /** The state registration a call reaches by its token, when its result is used. */
  lookup(call: ts.CallExpression): Registration | undefined {
    const token = call.arguments[0];
    if (tokenName(token) === undefined || token === undefined || ts.isDecorator(call.parent) || !isUsed(call)) return undefined;
    const regs = this.registrations();
    if (regs === undefined) return undefined;
    const key = this.keyOf(token);
    const found = key === undefined ? undefined : regs.get(key);
    if (found === undefined || call.arguments.slice(1).some((a) => this.isStateValue(a))) return undefined;
    const container = this.containerOf(call);
    const untyped = (this.checker.getTypeAtLocation(call).flags & OPAQUE) !== 0;
    return found.find((r) => (container !== undefined && r.container === container) || (r.container === ANY_INJECTOR && untyped));
  }

  /** The state registration a decorated parameter or property is injected from (`@Inject(TOKEN)`). */
  injected(decl: ts.Declaration): Registration | undefined {
    if (!ts.canHaveDecorators(decl)) return undefined;
    for (const dec of ts.getDecorators(decl) ?? []) {
      const call = dec.expression;
      const token = ts.isCallExpression(call) ? call.arguments[0] : undefined;
      if (token === undefined || tokenName(token) === undefined) continue;
      const regs = this.registrations();
      const key = this.keyOf(token);
      const found = key === undefined ? undefined : regs?.get(key)?.[0];
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Every state registration in the files that register tokens; undefined while being built (no cycles). */
  private registrations(): Map<string, Registration[]> | undefined {
    if (this.building) return undefined;
    if (this.byKey === undefined) {
      this.building = true;
      try {
        this.byKey = this.collectRegistrations();
      } finally {
        this.building = false;
      }
    }
    return this.byKey;
  }

  private collectRegistrations(): Map<string, Registration[]> {
    const byKey = new Map<string, Registration[]>();
    for (const sf of this.sources()) {
      const visit = (node: ts.Node): void => {
        const r = this.registrationAt(node);
        if (r !== undefined) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    return byKey;
  }

  private registrationAt(node: ts.Node): Registration | undefined {
    if (ts.isCallExpression(node)) {
      // `x.register(TOKEN, value)`, or `x.bind(TOKEN).to…(value)`: the token's call and the values handed over.
      const own = tokenName(node.arguments[0]);
      const inner = ts.isPropertyAccessExpression(node.expression) && ts.isCallExpression(node.expression.expression) ? node.expression.expression : undefined;
      const ownCall = own !== undefined && node.arguments.length > 1;
      const tokenCall = ownCall ? node : inner;
      const name = ownCall ? own : chainedToken(node);
      const values: readonly ts.Expression[] = ownCall ? node.arguments.slice(1) : node.arguments;
      const token = tokenCall?.arguments[0];
      if (tokenCall === undefined || token === undefined || name === undefined || !this.mayLeadToState(name)) return undefined;
      if (!values.some((v) => this.holdsState(v))) return undefined;
      const key = this.keyOf(token);
      const container = this.containerOf(tokenCall);
      return key === undefined || container === undefined ? undefined : { key, container, site: this.siteOf(node), text: token.getText() };
    }
    if (ts.isObjectLiteralExpression(node)) {
      const provide = node.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'provide');
      if (provide === undefined || !ts.isPropertyAssignment(provide) || !this.mayLeadToState(tokenName(provide.initializer) ?? '')) return undefined;
      const others = node.properties.filter((p) => p !== provide);
      if (!others.some((p) => (ts.isPropertyAssignment(p) ? this.holdsState(p.initializer) : ts.isShorthandPropertyAssignment(p) && this.holdsState(p.name)))) return undefined;
      const key = this.keyOf(provide.initializer);
      return key === undefined ? undefined : { key, container: ANY_INJECTOR, site: this.siteOf(node), text: provide.initializer.getText() };
    }
    return undefined;
  }

  /** A state value, a function returning one (a factory), or an object holding one (`{ useValue: client }`). */
  private holdsState(value: ts.Expression): boolean {
    const e = skipOuter(value);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return returnedExpressions(e).some((r) => this.holdsState(r));
    if (ts.isObjectLiteralExpression(e)) {
      return e.properties.some((p) => (ts.isPropertyAssignment(p) ? this.holdsState(p.initializer) : ts.isShorthandPropertyAssignment(p) && this.isStateValue(p.name)));
    }
    return this.isStateValue(e);
  }

  /** A token's identity: its folded text, or the declaration of a unique symbol. */
  private keyOf(token: ts.Expression): string | undefined {
    const text = foldString(token, this.checker);
    if (text !== undefined) return `s:${text}`;
    const type = this.checker.getTypeAtLocation(skipOuter(token));
    if ((type.flags & ts.TypeFlags.UniqueESSymbol) === 0) return undefined;
    const decl = resolveAlias(this.checker, type.getSymbol())?.valueDeclaration;
    return decl === undefined ? undefined : `u:${decl.getSourceFile().fileName}:${decl.pos}`;
  }

  /** What a call hands to or takes from: its receiver's type, or the module declaring the function. */
  private containerOf(call: ts.CallExpression): string | undefined {
    const callee = skipOuter(call.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const type = this.checker.getNonNullableType(this.checker.getTypeAtLocation(skipOuter(callee.expression)));
      if ((type.flags & OPAQUE) !== 0) return undefined;
      let id = this.typeIds.get(type);
      if (id === undefined) {
        id = this.typeIds.size + 1;
        this.typeIds.set(type, id);
      }
      return `t:${id}`;
    }
    if (ts.isIdentifier(callee)) {
      const decl = resolveAlias(this.checker, this.checker.getSymbolAtLocation(callee))?.declarations?.[0];
      return decl === undefined ? undefined : `m:${decl.getSourceFile().fileName}`;
    }
    return undefined;
  }
}

/** Whether a call's result goes somewhere: not a statement of its own, nor `void`ed. */
function isUsed(call: ts.Expression): boolean {
  let n: ts.Node = call;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
  return !ts.isExpressionStatement(n.parent) && !ts.isVoidExpression(n.parent);
}

/** What a function returns: its expression body, or its `return` expressions (not nested functions'). */
function returnedExpressions(f: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(f.body)) return [f.body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n)) {
      if (n.expression !== undefined) out.push(n.expression);
    } else ts.forEachChild(n, visit);
  };
  ts.forEachChild(f.body, visit);
  return out;
}
