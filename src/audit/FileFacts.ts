import { ts } from 'ts-morph';
import { bindingFacts } from './bindingFacts.js';
import { FactsBuilder } from './FactsBuilder.js';
import { callPattern, elementHeaderRead, HEADERISH, headerDestructuring } from './factPatterns.js';
import { constFacts, type ConstFacts, type HeaderRead } from './headerFacts.js';
import { calleeText, taintKey } from './mentions.js';
import { loadFacts, moduleFacts } from './moduleFacts.js';
import { tokenFacts } from './tokenFacts.js';

/**
 * What the cheap syntax pass learns about one file, without the type checker: which names it
 * mentions, which names it binds from which (aliases, fields typed as, re-exports), and what it
 * imports. Facts are plain JSON so the --changed-since cache can keep them per file.
 */
export interface FileFacts extends ConstFacts {
  /** Distinct identifier texts, plus `module:<specifier>`, `import()` and rule-pattern pseudo-names (factPatterns.ts). */
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
  /** Tokens (`token:<text>`) this file hands values over under: its lookups' verdicts depend on these. */
  registers?: string[];
  /** Header reads, by the parts of their names (headerFacts.ts). */
  headers?: HeaderRead[];
  /** Ruled out by the text prefilter: deps and reexports only, read from the text. */
  unparsed?: true;
}

/** One walk over the tree: names, bindings (bindingFacts), module statements (moduleFacts), rule patterns. */
export function collectFileFacts(sf: ts.SourceFile): FileFacts {
  const b = new FactsBuilder(sf.fileName);
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.Identifier) {
      b.ids.add(taintKey(node as ts.Identifier));
      return;
    }
    if (moduleFacts(node, b)) return;
    bindingFacts(node, b);
    patternFacts(node, b.ids, b.headers);
    if (ts.isCallExpression(node)) loadFacts(node, b);
    tokenFacts(node, b);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const facts = b.facts();
  if (b.headers.length > 0) facts.headers = b.headers;
  return { ...facts, ...constFacts(sf) };
}

/** Pseudo-names for what a checker rule must look at (KEYS calls, code the audit cannot follow), and header reads. */
function patternFacts(node: ts.Node, ids: Set<string>, headers: HeaderRead[]): void {
  if (ts.isCallExpression(node)) {
    if (ts.isIdentifier(node.expression) && (node.expression.text === 'eval' || node.expression.text === 'Function')) ids.add(`${node.expression.text}()`);
    if (ts.isPropertyAccessExpression(node.expression)) callPattern(node, node.expression, ids, headers);
  } else if (ts.isNewExpression(node)) {
    if (ts.isIdentifier(node.expression) && node.expression.text === 'Function') ids.add('Function()');
  } else if (ts.isElementAccessExpression(node)) {
    elementHeaderRead(node, headers);
  } else if (ts.isVariableDeclaration(node)) {
    if (ts.isObjectBindingPattern(node.name) && node.initializer !== undefined && HEADERISH.test(calleeText(node.initializer))) headerDestructuring(node.name, headers);
  }
}
