import { ts } from 'ts-morph';
import { isModuleLoad } from './declarationSources.js';
import type { FactsBuilder } from './FactsBuilder.js';
import { mentions } from './mentions.js';
import { modulePseudoName } from './resolveProjectSpecifier.js';

/**
 * Facts of a module statement (import, export, `import x = require`), bound to the module's
 * pseudo-name `module:<file or specifier>`. True when the statement is handled entirely here
 * (its children need no visit).
 */
export function moduleFacts(node: ts.Node, b: FactsBuilder): boolean {
  if (ts.isImportDeclaration(node)) {
    if (!ts.isStringLiteral(node.moduleSpecifier)) return false;
    const mod = modulePseudoName(b.file, node.moduleSpecifier.text);
    b.ids.add(mod);
    b.dep(node.moduleSpecifier.text, false);
    const clause = node.importClause;
    if (clause?.name !== undefined) b.edge(clause.name, new Set([mod, '.default']));
    const bindings = clause?.namedBindings;
    if (bindings !== undefined && ts.isNamespaceImport(bindings)) b.edge(bindings.name, new Set([mod]));
    if (bindings !== undefined && ts.isNamedImports(bindings)) {
      for (const s of bindings.elements) b.edge(s.name, new Set([mod, `.${(s.propertyName ?? s.name).text}`]));
    }
    return true;
  }
  if (ts.isExportDeclaration(node)) {
    exportFacts(node, b);
    return true;
  }
  if (ts.isExportAssignment(node)) {
    b.edges.push(['default', [...mentions(node.expression)], 0]);
    b.edges.push(['.default', [...mentions(node.expression)], 0]);
    return false;
  }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
    const spec = node.moduleReference.expression.text;
    const mod = modulePseudoName(b.file, spec);
    b.ids.add(mod);
    b.dep(spec, false);
    b.edge(node.name, new Set([mod]));
    return true;
  }
  return false;
}

/** `import(…)` and `require(…)`: the module it loads, or a pseudo-name for one the text does not name. */
export function loadFacts(c: ts.CallExpression, b: FactsBuilder): void {
  if (!isModuleLoad(c)) return;
  const isImport = c.expression.kind === ts.SyntaxKind.ImportKeyword;
  const arg = c.arguments[0];
  if (arg !== undefined && ts.isStringLiteralLike(arg)) {
    b.ids.add(modulePseudoName(b.file, arg.text));
    b.dep(arg.text, false);
  } else b.ids.add(isImport ? 'import()' : 'require()');
}

function exportFacts(d: ts.ExportDeclaration, b: FactsBuilder): void {
  const spec = d.moduleSpecifier !== undefined && ts.isStringLiteral(d.moduleSpecifier) ? d.moduleSpecifier.text : undefined;
  const mod = spec === undefined ? undefined : modulePseudoName(b.file, spec);
  if (spec !== undefined && mod !== undefined) {
    b.ids.add(mod);
    b.dep(spec, true);
  }
  const clause = d.exportClause;
  if (clause !== undefined && ts.isNamedExports(clause)) {
    for (const s of clause.elements) {
      // `export { x }` names a binding of this file; `export { x } from './m'` names m's export.
      const from = new Set([mod === undefined ? (s.propertyName ?? s.name).text : `.${(s.propertyName ?? s.name).text}`]);
      if (mod !== undefined) from.add(mod);
      b.edge(s.name, from);
      b.ids.add((s.propertyName ?? s.name).text);
      b.ids.add(`.${s.name.text}`);
    }
  } else if (clause !== undefined && ts.isNamespaceExport(clause) && mod !== undefined) {
    b.edge(clause.name, new Set([mod]));
  } else if (clause === undefined && mod !== undefined) {
    // `export * from './m'`: this module's namespace carries everything m's does.
    b.edges.push([`module:${b.file}`, [mod], 0]);
  }
}
