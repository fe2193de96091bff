import { ts } from 'ts-morph';
import type { FileFacts } from './FileFacts.js';
import type { HeaderRead } from './headerFacts.js';
import { isFileLocal, isMemberName } from './mentions.js';
import { resolveProjectSpecifier } from './resolveProjectSpecifier.js';

/** The facts of one file as the syntax pass gathers them: names seen, bindings between names, imports. */
export class FactsBuilder {
  readonly ids = new Set<string>();
  readonly edges: Array<[string, string[], 0 | 1]> = [];
  private readonly locals = new Set<string>();
  private readonly deps = new Set<string>();
  private readonly reexports = new Set<string>();
  /** Tokens this file registers values under (tokenFacts.ts). */
  readonly registers = new Set<string>();
  /** Header reads (headerFacts.ts). */
  readonly headers: HeaderRead[] = [];
  /** Names the file makes visible to others: what a namespace import of it carries. */
  private readonly exported = new Set<string>();

  constructor(readonly file: string) {}

  /** `name` is bound from `from`: a local, an exported name, a member, or each name a binding pattern takes apart. */
  edge(name: ts.Node | undefined, from: Set<string>): void {
    if (name === undefined) return;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) {
      const member = isMemberName(name);
      const local = !member && isFileLocal(name);
      if (local) this.locals.add(name.text);
      if (!member && !local) this.exported.add(name.text);
      if (from.size === 0) return;
      this.edges.push([member ? `.${name.text}` : name.text, [...from], local ? 1 : 0]);
      // An exported name is also a member of the namespace that imports it (`ns.name`), and a
      // constructor parameter property (`private raw: Redis`) is a member of its class.
      const parameterProperty = ts.isParameter(name.parent) && ts.isParameterPropertyDeclaration(name.parent, name.parent.parent);
      if ((!member && !local) || parameterProperty) this.edges.push([`.${name.text}`, [...from], 0]);
    } else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const el of name.elements) {
        if (!ts.isBindingElement(el)) continue;
        const own = new Set(from);
        if (el.propertyName !== undefined && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName))) own.add(`.${el.propertyName.text}`);
        else if (ts.isIdentifier(el.name)) own.add(`.${el.name.text}`);
        this.edge(el.name, own);
      }
    }
  }

  /** A project file this file imports (or re-exports), when the specifier resolves to one. */
  dep(specifier: string, reexport: boolean): void {
    const resolved = resolveProjectSpecifier(this.file, specifier);
    if (resolved === undefined) return;
    this.deps.add(resolved);
    if (reexport) this.reexports.add(resolved);
  }

  facts(): FileFacts {
    // A namespace import (`import * as m`) or `import()` of this file leads wherever its exports do.
    if (this.exported.size > 0) this.edges.push([`module:${this.file}`, [...this.exported], 0]);
    const facts: FileFacts = { ids: [...this.ids], edges: this.edges, locals: [...this.locals], deps: [...this.deps], reexports: [...this.reexports] };
    if (this.registers.size > 0) facts.registers = [...this.registers];
    return facts;
  }
}
