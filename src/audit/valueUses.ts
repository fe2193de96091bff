import { ts } from 'ts-morph';
import { resolveAlias, skipOuter } from './ConstantFolder.js';
import { isDeclarationName, isExpressionPosition, isReflectKeyed } from './checkStateAccess.js';
import { isModuleLoad } from './declarationSources.js';
import type { StateResolver } from './StateResolver.js';

/** A bare, untyped name whose declaration takes its value from code that leads to state, on a route the checker cannot follow. */
export function isUndecidable(resolver: StateResolver, id: ts.Identifier, symbol: ts.Symbol | undefined): boolean {
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) return false;
  const decl = resolveAlias(resolver.checker, symbol)?.valueDeclaration;
  if (decl === undefined || decl.getSourceFile() !== id.getSourceFile() || !resolver.isOpaque(id)) return false;
  if (!(ts.isVariableDeclaration(decl) || ts.isBindingElement(decl)) || !resolver.isPlausible(decl)) return false;
  // A run-time key or module name is reported where it is evaluated, not again at every use.
  let holder: ts.Node = decl;
  while (ts.isBindingElement(holder) || ts.isObjectBindingPattern(holder) || ts.isArrayBindingPattern(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer !== undefined && evaluatesDynamically(holder.initializer)) return false;
  return resolver.originIsState(id) === undefined;
}

/**
 * Whether an import or re-export can bring a value in: `import type`, bindings that are all
 * `type`, and bindings used only in types are erased at compile time and move nothing.
 */
export function movesValue(node: ts.ImportDeclaration | ts.ExportDeclaration, sf: ts.SourceFile): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return false;
    const clause = node.exportClause;
    return clause === undefined || !ts.isNamedExports(clause) || clause.elements.some((e) => !e.isTypeOnly);
  }
  const clause = node.importClause;
  if (clause === undefined) return true;
  if (clause.isTypeOnly) return false;
  const names: string[] = [];
  if (clause.name !== undefined) names.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings !== undefined && ts.isNamedImports(bindings)) for (const s of bindings.elements) if (!s.isTypeOnly) names.push(s.name.text);
  if (names.length === 0) return bindings === undefined;
  return usedAsValue(sf, new Set(names));
}

function usedAsValue(sf: ts.SourceFile, names: ReadonlySet<string>): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isImportDeclaration(node)) return false;
    if (ts.isIdentifier(node)) return names.has(node.text) && !isDeclarationName(node) && isExpressionPosition(node)
      && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node);
    return ts.forEachChild(node, visit) === true;
  };
  return ts.forEachChild(sf, visit) === true;
}

function evaluatesDynamically(node: ts.Node): boolean {
  if (ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(skipOuter(node.argumentExpression))) return true;
  if (ts.isCallExpression(node) && (isModuleLoad(node) || isReflectKeyed(node))) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (c) => (evaluatesDynamically(c) ? true : undefined)) === true;
}
