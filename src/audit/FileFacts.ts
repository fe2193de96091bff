import { ts } from 'ts-morph';
import { calleeOfCallback, callPattern, containerName, HEADER_READ, HEADERISH, union } from './factPatterns.js';
import { calleeText, collect, isFileLocal, isMemberName, mentions, taintKey } from './mentions.js';
import { modulePseudoName, resolveRelativeSpecifier } from './resolveRelativeSpecifier.js';

/**
 * What the cheap syntax pass learns about one file, without the type checker: which names it
 * mentions, which names it binds from which (aliases, fields typed as, re-exports), and what it
 * imports. Facts are plain JSON so the --changed-since cache can keep them per file.
 */
export interface FileFacts {
  /** Distinct identifier texts, plus `module:<specifier>` and `import()` pseudo-names. */
  ids: string[];
  /**
   * [name, names it is bound from, 1 when the name is file-local]: `const r = redis` gives
   * ['r', ['redis'], 1]. Exported names and members are project-wide; parameters, imports and
   * declarations inside functions or not exported are local, so a common local name tainted in
   * one file does not make every file that uses the same word a candidate.
   */
  edges: Array<[string, string[], 0 | 1]>;
  /** Names this file declares for itself (parameters, imports, locals, unexported): they shadow project-wide names. */
  locals: string[];
  /** Resolved project files this file imports or re-exports (absolute). */
  deps: string[];
  /** The subset of deps it re-exports (`export * from`, `export { x } from`). */
  reexports: string[];
  /** Ruled out by the text prefilter: deps and reexports only, read from the text. */
  unparsed?: true;
}


export function collectFileFacts(sf: ts.SourceFile): FileFacts {
  const ids = new Set<string>();
  const locals = new Set<string>();
  const edges: Array<[string, string[], 0 | 1]> = [];
  const deps = new Set<string>();
  const reexports = new Set<string>();
  const file = sf.fileName;
  const exported = new Set<string>();

  const edge = (name: ts.Node | undefined, from: Set<string>): void => {
    if (name === undefined) return;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) {
      const member = isMemberName(name);
      const local = !member && isFileLocal(name);
      if (local) locals.add(name.text);
      if (!member && !local) exported.add(name.text);
      if (from.size === 0) return;
      edges.push([member ? `.${name.text}` : name.text, [...from], local ? 1 : 0]);
      // An exported name is also a member of the namespace that imports it (`ns.name`), and a
      // constructor parameter property (`private raw: Redis`) is a member of its class.
      const parameterProperty = ts.isParameter(name.parent) && ts.isParameterPropertyDeclaration(name.parent, name.parent.parent);
      if ((!member && !local) || parameterProperty) edges.push([`.${name.text}`, [...from], 0]);
    } else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const el of name.elements) {
        if (!ts.isBindingElement(el)) continue;
        const own = new Set(from);
        if (el.propertyName !== undefined && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName))) own.add(`.${el.propertyName.text}`);
        else if (ts.isIdentifier(el.name)) own.add(`.${el.name.text}`);
        edge(el.name, own);
      }
    }
  };
  const dep = (specifier: string, reexport: boolean): void => {
    const resolved = resolveRelativeSpecifier(file, specifier);
    if (resolved === undefined) return;
    deps.add(resolved);
    if (reexport) reexports.add(resolved);
  };

  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        ids.add(taintKey(node as ts.Identifier));
        return;
      case ts.SyntaxKind.VariableDeclaration: {
        const d = node as ts.VariableDeclaration;
        edge(d.name, union(mentions(d.initializer), mentions(d.type)));
        break;
      }
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.PropertySignature: {
        const d = node as ts.ParameterDeclaration | ts.PropertyDeclaration;
        const from = union(mentions(d.initializer), mentions(d.type));
        // An untyped callback parameter gets what the receiver hands it: `clients.map((c) => …)`.
        if (ts.isParameter(d) && d.type === undefined) for (const n of mentions(calleeOfCallback(d))) from.add(n);
        edge(d.name, from);
        // A type with a state-typed member leads to state too: `h[key]` on it must be looked at.
        edge(containerName(node), from);
        break;
      }
      case ts.SyntaxKind.PropertyAssignment: {
        const d = node as ts.PropertyAssignment;
        edge(d.name, mentions(d.initializer));
        break;
      }
      case ts.SyntaxKind.ShorthandPropertyAssignment: {
        const d = node as ts.ShorthandPropertyAssignment;
        edges.push([`.${d.name.text}`, [d.name.text], 0]);
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const target = ts.isPropertyAccessExpression(b.left) ? b.left.name : ts.isElementAccessExpression(b.left) ? b.left.argumentExpression : b.left;
          if (ts.isStringLiteral(target)) edges.push([`.${target.text}`, [...mentions(b.right)], 0]);
          else edge(target, mentions(b.right));
        }
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.MethodSignature: {
        const f = node as ts.FunctionLikeDeclaration;
        edge(f.name, mentions(f));
        break;
      }
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.InterfaceDeclaration: {
        const c = node as ts.ClassDeclaration | ts.InterfaceDeclaration;
        const from = new Set<string>();
        for (const h of c.heritageClauses ?? []) for (const t of h.types) collect(t.expression, from);
        edge(c.name, from);
        break;
      }
      case ts.SyntaxKind.TypeAliasDeclaration: {
        const t = node as ts.TypeAliasDeclaration;
        edge(t.name, mentions(t.type));
        break;
      }
      case ts.SyntaxKind.ImportDeclaration: {
        const d = node as ts.ImportDeclaration;
        if (!ts.isStringLiteral(d.moduleSpecifier)) break;
        const mod = modulePseudoName(file, d.moduleSpecifier.text);
        ids.add(mod);
        dep(d.moduleSpecifier.text, false);
        const clause = d.importClause;
        if (clause?.name !== undefined) edge(clause.name, new Set([mod, '.default']));
        const bindings = clause?.namedBindings;
        if (bindings !== undefined && ts.isNamespaceImport(bindings)) edge(bindings.name, new Set([mod]));
        if (bindings !== undefined && ts.isNamedImports(bindings)) {
          for (const s of bindings.elements) edge(s.name, new Set([mod, `.${(s.propertyName ?? s.name).text}`]));
        }
        return;
      }
      case ts.SyntaxKind.ExportDeclaration: {
        const d = node as ts.ExportDeclaration;
        const spec = d.moduleSpecifier !== undefined && ts.isStringLiteral(d.moduleSpecifier) ? d.moduleSpecifier.text : undefined;
        const mod = spec === undefined ? undefined : modulePseudoName(file, spec);
        if (spec !== undefined && mod !== undefined) {
          ids.add(mod);
          dep(spec, true);
        }
        const clause = d.exportClause;
        if (clause !== undefined && ts.isNamedExports(clause)) {
          for (const s of clause.elements) {
            // `export { x }` names a binding of this file; `export { x } from './m'` names m's export.
            const from = new Set([mod === undefined ? (s.propertyName ?? s.name).text : `.${(s.propertyName ?? s.name).text}`]);
            if (mod !== undefined) from.add(mod);
            edge(s.name, from);
            ids.add((s.propertyName ?? s.name).text);
            ids.add(`.${s.name.text}`);
          }
        } else if (clause !== undefined && ts.isNamespaceExport(clause) && mod !== undefined) {
          edge(clause.name, new Set([mod]));
        } else if (clause === undefined && mod !== undefined) {
          // `export * from './m'`: this module's namespace carries everything m's does.
          edges.push([`module:${file}`, [mod], 0]);
        }
        return;
      }
      case ts.SyntaxKind.ExportAssignment:
        edges.push(['default', [...mentions((node as ts.ExportAssignment).expression)], 0]);
        edges.push(['.default', [...mentions((node as ts.ExportAssignment).expression)], 0]);
        break;
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const d = node as ts.ImportEqualsDeclaration;
        if (ts.isExternalModuleReference(d.moduleReference) && ts.isStringLiteral(d.moduleReference.expression)) {
          const spec = d.moduleReference.expression.text;
          const mod = modulePseudoName(file, spec);
          ids.add(mod);
          dep(spec, false);
          edge(d.name, new Set([mod]));
          return;
        }
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const c = node as ts.CallExpression;
        const arg = c.arguments[0];
        const isImport = c.expression.kind === ts.SyntaxKind.ImportKeyword;
        const isRequire = ts.isIdentifier(c.expression) && c.expression.text === 'require';
        if (isImport || isRequire) {
          if (arg !== undefined && ts.isStringLiteralLike(arg)) {
            ids.add(modulePseudoName(file, arg.text));
            dep(arg.text, false);
          } else ids.add(isImport ? 'import()' : 'require()');
        }
        if (ts.isIdentifier(c.expression) && (c.expression.text === 'eval' || c.expression.text === 'Function')) ids.add(`${c.expression.text}()`);
        if (ts.isPropertyAccessExpression(c.expression)) callPattern(c, c.expression, ids);
        break;
      }
      case ts.SyntaxKind.NewExpression: {
        const n = node as ts.NewExpression;
        if (ts.isIdentifier(n.expression) && n.expression.text === 'Function') ids.add('Function()');
        break;
      }
      case ts.SyntaxKind.ElementAccessExpression:
        if (HEADERISH.test(calleeText((node as ts.ElementAccessExpression).expression))) ids.add(HEADER_READ);
        break;
      case ts.SyntaxKind.VariableStatement:
        for (const d of (node as ts.VariableStatement).declarationList.declarations) {
          if (ts.isObjectBindingPattern(d.name) && d.initializer !== undefined && HEADERISH.test(calleeText(d.initializer))) ids.add(HEADER_READ);
        }
        break;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // A namespace import (`import * as m`) or `import()` of this file leads wherever its exports do.
  if (exported.size > 0) edges.push([`module:${file}`, [...exported], 0]);
  return { ids: [...ids], edges, locals: [...locals], deps: [...deps], reexports: [...reexports] };
}
