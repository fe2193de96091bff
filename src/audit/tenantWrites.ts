import { ts } from 'ts-morph';
import { skipOuter } from './ConstantFolder.js';

/** A module-level value: a top-level binding or a static field (`[class, field]`). */
export interface ModuleValue {
  name: string;
  node: ts.VariableDeclaration | ts.PropertyDeclaration;
  initializer: ts.Expression | undefined;
  static: [string, string] | undefined;
}

/** Words that name a tenant in identifiers (`tenantId`, `req.params.workspace`, `orgSlug`). */
const TENANT_WORDS = new Set(['tenant', 'tenants', 'workspace', 'workspaces', 'org', 'orgs', 'organization', 'organisation', 'account', 'customer']);
/** Request members that carry who is calling. */
const IDENTITY_MEMBERS = new Set(['user', 'session', 'auth', 'headers', 'cookies']);
/** Calls that put data into a container or an instance. */
const MUTATORS = new Set(['set', 'add', 'push', 'unshift', 'splice', 'put', 'append', 'insert', 'enqueue', 'store', 'remember', 'assign']);

/**
 * For each module value, the first write of tenant-derived data into it inside a function of the
 * file. One walk over the file for all values (a file with hundreds of module-level constants
 * is walked once, not once per constant); the locals built from tenant data are worked out only
 * for the functions that hold a write, once each.
 */
export function tenantWrites(sf: ts.SourceFile, values: readonly ModuleValue[]): Map<ModuleValue, { text: string; line: number }> {
  const found = new Map<ModuleValue, { text: string; line: number }>();
  if (values.length === 0) return found;
  const byName = new Map<string, ModuleValue[]>();
  for (const v of values) {
    const key = v.static === undefined ? v.name : v.static[1];
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [v]);
    else list.push(v);
  }
  const derivedCache = new Map<ts.Node, Set<string>>();
  const visit = (node: ts.Node, fn: ts.Node | undefined): void => {
    const inner = fn ?? (ts.isFunctionLike(node) ? node : undefined);
    if (inner !== undefined) {
      for (const value of writeTargets(node, byName)) {
        if (found.has(value) || !isWriteTo(node, value) || !isTenantWrite(node, value, derivedIn(inner, derivedCache))) continue;
        const text = node.getText(sf).replace(/\s+/g, ' ');
        found.set(value, { text: text.length > 80 ? `${text.slice(0, 77)}...` : text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
      }
    }
    ts.forEachChild(node, (c) => visit(c, inner));
  };
  visit(sf, undefined);
  return found;
}

/** The module values a node may write into, by the names it writes through (cheap: no tenant analysis yet). */
function writeTargets(node: ts.Node, byName: ReadonlyMap<string, ModuleValue[]>): readonly ModuleValue[] {
  const named = (e: ts.Expression | undefined): readonly ModuleValue[] => {
    if (e === undefined) return [];
    const x = skipOuter(e);
    if (ts.isIdentifier(x)) return byName.get(x.text) ?? [];
    if (ts.isPropertyAccessExpression(x)) return [...(byName.get(x.name.text) ?? []), ...named(x.expression)];
    if (ts.isElementAccessExpression(x)) return named(x.expression);
    return [];
  };
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATORS.has(node.expression.name.text)) {
    return [...named(node.expression.expression), ...(node.expression.name.text === 'assign' ? named(node.arguments[0]) : [])];
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    return named(node.left);
  }
  return [];
}

function derivedIn(fn: ts.Node, cache: Map<ts.Node, Set<string>>): Set<string> {
  let derived = cache.get(fn);
  if (derived === undefined) {
    derived = new Set<string>();
    collectDerived(fn, derived);
    cache.set(fn, derived);
  }
  return derived;
}

/** A mutator call, `Object.assign` or an assignment that targets the value: the only nodes worth a closer look. */
function isWriteTo(node: ts.Node, value: ModuleValue): boolean {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATORS.has(node.expression.name.text)) {
    return refersTo(node.expression.expression, value) || (node.expression.name.text === 'assign' && node.arguments[0] !== undefined && refersTo(node.arguments[0], value));
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    const target = skipOuter(node.left);
    return refersTo(target, value) || ((ts.isElementAccessExpression(target) || ts.isPropertyAccessExpression(target)) && refersTo(target.expression, value));
  }
  return false;
}

function isTenantWrite(node: ts.Node, value: ModuleValue, derived: ReadonlySet<string>): boolean {
  const tenant = (e: ts.Node | undefined): boolean => e !== undefined && isTenantDerived(e, derived);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATORS.has(node.expression.name.text)) {
    if (refersTo(node.expression.expression, value)) return node.arguments.some(tenant);
    // Object.assign(target, tenantData)
    if (node.expression.name.text === 'assign' && node.arguments[0] !== undefined && refersTo(node.arguments[0], value)) return node.arguments.slice(1).some(tenant);
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    const target = skipOuter(node.left);
    if (refersTo(target, value)) return tenant(node.right);
    if ((ts.isElementAccessExpression(target) || ts.isPropertyAccessExpression(target)) && refersTo(target.expression, value)) {
      return tenant(node.right) || (ts.isElementAccessExpression(target) && tenant(target.argumentExpression));
    }
  }
  return false;
}

function refersTo(expr: ts.Expression, value: ModuleValue): boolean {
  const e = skipOuter(expr);
  if (value.static === undefined) return ts.isIdentifier(e) && e.text === value.name;
  return ts.isPropertyAccessExpression(e) && e.name.text === value.static[1]
    && ((ts.isIdentifier(e.expression) && e.expression.text === value.static[0]) || e.expression.kind === ts.SyntaxKind.ThisKeyword);
}

/** Locals of one function whose value is built from tenant data, to a fixpoint (`const key = \`${tenantId}:x\``). */
function collectDerived(fn: ts.Node, derived: Set<string>): void {
  for (let grew = true; grew;) {
    grew = false;
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.initializer !== undefined && isTenantDerived(node.initializer, derived)) {
        for (const name of boundNames(node.name)) if (!derived.has(name)) {
          derived.add(name);
          grew = true;
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn, visit);
  }
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isBindingElement(e) ? boundNames(e.name) : []));
}

/** Whether an expression mentions a tenant by name, who is calling, or a local built from them. */
export function isTenantDerived(node: ts.Node, derived: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
    if (derived.has(node.text)) return true;
    if (words(node.text).some((w) => TENANT_WORDS.has(w))) return true;
    return ts.isPropertyAccessExpression(node.parent) && node.parent.name === node && IDENTITY_MEMBERS.has(node.text);
  }
  if (ts.isStringLiteralLike(node)) return false;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (c) => (isTenantDerived(c, derived) ? true : undefined)) === true;
}

function words(identifier: string): string[] {
  return identifier.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_$-]+/g, ' ').toLowerCase().split(' ').filter((w) => w !== '');
}
