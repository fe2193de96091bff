import { ts } from 'ts-morph';
import { mentions } from './mentions.js';

/** The names a declaration's value or type is built from (see FileFacts: the same edges the taint follows). */
export function sourceMentions(decl: ts.Declaration): Set<string> {
  const out = new Set<string>();
  const add = (node: ts.Node | undefined): void => {
    if (node !== undefined) for (const n of mentions(node)) out.add(n);
  };
  if (ts.isBindingElement(decl)) {
    add(sourceOf(decl));
    if (decl.propertyName !== undefined) add(decl.propertyName);
    add(decl.name);
  } else if (ts.isShorthandPropertyAssignment(decl)) add(decl.name);
  else if (ts.isFunctionLike(decl)) add(decl);
  else {
    const d = decl as ts.Declaration & { type?: ts.Node; initializer?: ts.Node };
    add(d.type);
    add(d.initializer);
    for (const dec of ts.canHaveDecorators(decl) ? ts.getDecorators(decl) ?? [] : []) add(dec.expression);
  }
  return out;
}

/** The expression a declaration takes its value from: its initializer, or for destructuring the object destructured. */
export function sourceOf(decl: ts.Declaration): ts.Expression | undefined {
  if (ts.isShorthandPropertyAssignment(decl)) return decl.name;
  if (ts.isBindingElement(decl)) {
    let node: ts.Node = decl.parent;
    while (ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node) || ts.isBindingElement(node)) node = node.parent;
    return ts.isVariableDeclaration(node) ? node.initializer : undefined;
  }
  if (ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) return decl.initializer;
  return undefined;
}

export function isLaunderedState(resolver: { checker: ts.TypeChecker; mayHoldState(e: ts.Expression): boolean }, e: ts.Expression): boolean {
  if (!ts.isIdentifier(e)) return false;
  const decl = resolver.checker.getSymbolAtLocation(e)?.valueDeclaration;
  const source = decl === undefined ? undefined : sourceOf(decl);
  return source !== undefined && resolver.mayHoldState(source);
}

export function isNamedDefinition(decl: ts.Declaration): boolean {
  return ts.isClassLike(decl) || ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl)
    || ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl) || ts.isEnumDeclaration(decl);
}

export function isValueChoice(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.AmpersandAmpersandToken
    || kind === ts.SyntaxKind.CommaToken || kind === ts.SyntaxKind.EqualsToken;
}

/** `import(…)`, `require(…)`, or a require made by `createRequire` (`const load = createRequire(import.meta.url)`). */
export function isModuleLoad(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(callee)) return callee.text === 'require' || requireNamesOf(callee.getSourceFile()).has(callee.text);
  return ts.isCallExpression(callee) && isCreateRequire(callee);
}

const requireNames = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** Names a file binds to `createRequire(…)`: each is `require` by another name. */
export function requireNamesOf(sf: ts.SourceFile): ReadonlySet<string> {
  let names = requireNames.get(sf);
  if (names === undefined) {
    const found = new Set<string>();
    if (sf.text.includes('createRequire')) {
      const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined
          && ts.isCallExpression(node.initializer) && isCreateRequire(node.initializer)) found.add(node.name.text);
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    names = found;
    requireNames.set(sf, names);
  }
  return names;
}

function isCreateRequire(call: ts.CallExpression): boolean {
  const c = call.expression;
  return (ts.isIdentifier(c) && c.text === 'createRequire') || (ts.isPropertyAccessExpression(c) && c.name.text === 'createRequire');
}
