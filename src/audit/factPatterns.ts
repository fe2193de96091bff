import { ts } from 'ts-morph';
import { headerRead, namePartsOf, type HeaderRead } from './headerFacts.js';
import { calleeText } from './mentions.js';

/** Pseudo-names the syntax pass adds for patterns a checker rule must look at. */
export const KEYS_CALL = 'keys()';
/** A header bag by its receiver's text: `req.headers`, `request`, `this.req`. */
export const HEADERISH = /(headers|^req|^request|\.req|\.request)$/i;
/** Raw-command methods of Redis clients: `call('KEYS', …)`. */
export const RAW_COMMAND = new Set(['call', 'callBuffer', 'send_command', 'sendCommand', 'sendCommandBuffer']);
/** Built-ins whose `keys` is not Redis KEYS. */
export const NOT_A_CLIENT = new Set(['Object', 'Reflect', 'Array', 'Map', 'Set']);

export function union(a: Set<string>, b: Set<string>): Set<string> {
  for (const x of b) a.add(x);
  return a;
}

export function calleeOfCallback(p: ts.ParameterDeclaration): ts.Node | undefined {
  const fn = p.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(fn.parent) || !fn.parent.arguments.includes(fn)) return undefined;
  return fn.parent.expression;
}

export function containerName(member: ts.Node): ts.Identifier | undefined {
  const owner = ts.isParameter(member) ? member.parent.parent : member.parent;
  if (owner === undefined) return undefined;
  if ((ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) && owner.name !== undefined) return owner.name;
  if (ts.isTypeLiteralNode(owner) && ts.isTypeAliasDeclaration(owner.parent)) return owner.parent.name;
  return undefined;
}

/** `x.keys(pattern)` or a raw `call('KEYS', …)`: candidates for the checker rule; a header read: its name's parts. */
export function callPattern(c: ts.CallExpression, callee: ts.PropertyAccessExpression, ids: Set<string>, headers: HeaderRead[]): void {
  const method = callee.name.text;
  const receiver = calleeText(callee.expression);
  const first = c.arguments[0];
  if (method === 'keys' && first !== undefined && !NOT_A_CLIENT.has(receiver)) ids.add(KEYS_CALL);
  if (RAW_COMMAND.has(method) && first !== undefined && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first)
    || ts.isArrayLiteralExpression(first) || (ts.isIdentifier(first) && /keys/i.test(first.text)))) ids.add(KEYS_CALL);
  if (first !== undefined && (method === 'header' || method === 'getHeader' || method === 'headers'
    || ((method === 'get' || method === 'has' || method === 'getAll') && HEADERISH.test(receiver)))) keep(headers, headerRead(c, namePartsOf(first)));
}

/** `headers[key]`: a header read by the parts of its key. */
export function elementHeaderRead(node: ts.ElementAccessExpression, headers: HeaderRead[]): void {
  if (HEADERISH.test(calleeText(node.expression))) keep(headers, headerRead(node, namePartsOf(node.argumentExpression)));
}

/** `const { 'x-tenant-id': t, host } = req.headers`: each element is a header read by its property name. */
export function headerDestructuring(pattern: ts.ObjectBindingPattern, headers: HeaderRead[]): void {
  for (const el of pattern.elements) {
    const key = el.propertyName ?? el.name;
    if (ts.isIdentifier(key) || ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) keep(headers, headerRead(el, [key.text]));
    else if (ts.isComputedPropertyName(key)) keep(headers, headerRead(el, namePartsOf(key.expression)));
  }
}

function keep(headers: HeaderRead[], read: HeaderRead | undefined): void {
  if (read !== undefined) headers.push(read);
}
