import { basename, dirname } from 'node:path';
import type { AuditSettings } from './AuditSettings.js';

/**
 * Text tests that rule a file out before it is parsed. Each over-approximates what the syntax
 * pass would record, and no more: a file that fails them cannot yield a fact, a candidate or a
 * finding, so parsing it would be wasted. Common words do not admit a file; what does is a
 * configured module specifier, symbol or global, a pattern a checker rule looks at, or (for the
 * syntax half of module-singleton) an identifier the tenant-write test would call tenant data.
 * Files that import a module leading to state are admitted later, by the import graph
 * (pipeline/taintFixpoint.ts).
 */
export class TextPrefilter {
  /** Case-sensitive: identifiers, specifiers, call shapes. */
  private readonly triggers: RegExp;
  /** Header reads (HEADERISH in factPatterns.ts is case-insensitive): only with legacy headers configured. */
  private readonly headerReads: RegExp | undefined;

  constructor(private readonly settings: AuditSettings) {
    const words = [...settings.symbolsAnywhere, ...settings.globalNames, ...[...settings.namesInFile.values()].flatMap((s) => [...s])];
    const alternatives = [
      // What makes a file a candidate for unverifiable access (TaintSet's TRIGGER_NAMES).
      // Optional calls (`f?.(x)`) and type arguments (`f<T>(x)`) included.
      String.raw`\beval\s*(\?\.)?\s*\(`, String.raw`\bnew\s+Function\b`, String.raw`\bFunction\s*(\?\.)?\s*\(`,
      String.raw`\brequire\s*(\?\.)?\s*\(`, String.raw`\bcreateRequire\b`, String.raw`\bimport\s*\(`,
      // Redis KEYS with an argument, on a receiver other than Object/Reflect/Array/Map/Set (factPatterns' callPattern).
      String.raw`(?<!\b(?:Object|Reflect|Array|Map|Set)\s*)\.\s*keys\s*(\?\.)?\s*(<[^()]*>)?\s*\(\s*[^\s)]`,
      String.raw`\.(call|callBuffer|send_command|sendCommand|sendCommandBuffer)\s*(\?\.)?\s*(<[^()]*>)?\s*\(\s*(['"\x60[]|[\w$]*[kK][eE][yY][sS])`,
      ...settings.statePackages.map((p) => String.raw`['"\x60](node:)?${escape(p)}(/[^'"\x60]*)?['"\x60]`),
      // A state module file, by a specifier that ends in its name (`../legacy/globals.js`, `./state` for state/index.ts).
      ...[...settings.stateFiles].map((f) => {
        const stem = basename(f).replace(/\.d\.[cm]?ts$|\.[cm]?[jt]sx?$/, '');
        const tail = stem === 'index' ? String.raw`${escape(basename(dirname(f)))}(/index)?` : escape(stem);
        return String.raw`['"\x60]([^'"\x60\s]*/)?${tail}(\.[cm]?[jt]sx?)?/?['"\x60]`;
      }),
    ];
    if (words.length > 0) alternatives.push(wordPattern(words));
    if (settings.globalNames.size > 0) alternatives.push(String.raw`\b(globalThis|global|window|self)\b`);
    this.triggers = new RegExp(alternatives.join('|'));
    this.headerReads = settings.legacyHeaders === undefined ? undefined : HEADER_READS;
  }

  /** Whether the file may be a candidate or carry a binding from a configured name. */
  mayMatter(text: string): boolean {
    return this.triggers.test(text) || (this.headerReads?.test(text) ?? false);
  }

  /** Whether the syntax-only rules may report in this file. */
  mayHaveSyntaxFindings(rel: string, text: string): boolean {
    if (this.settings.productionConfig.matches(rel)) return true;
    if (this.settings.requestPath.empty || !this.settings.requestPath.matches(rel)) return false;
    return TENANT_DATA.test(text);
  }
}

/** A pattern of whole identifiers; `default` stands for every default import (`import x from`). */
export function wordPattern(names: readonly string[]): string {
  const plain = [...new Set(names.map((n) => n.replace(/^\./, '')))];
  const parts = plain.map(escape);
  if (plain.includes('default')) parts.push(String.raw`import\b`, String.raw`require\s*\(`);
  return String.raw`(?<![\w$])(${parts.join('|')})(?![\w$])`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What the syntax pass records as a header read (factPatterns.ts): anything named `…headers`,
 * `.header(`/`.getHeader(`, and `req`/`request` indexed, asked `get`/`has`/`getAll`, or destructured.
 */
const HEADER_READS = new RegExp([
  'headers',
  String.raw`\.\s*(header|getheader)\s*(\?\.)?\s*(<[^()]*>)?\s*\(`,
  String.raw`\b(req|request)\b(\s+(as|satisfies)\s+[^;\n]*?)?[\s)!]*(\?\.)?\s*(\[|\.\s*(get|has|getall)\b)`,
  String.raw`=\s*[(\s]*([\w$]+\s*\??\.\s*)*(req|request)\b(?!\s*(\??\.|\[|\())`,
].join('|'), 'i');

/**
 * What tenantWrites.ts calls tenant data, by text: a tenant word as a whole word of an
 * identifier the way it splits them (`tenantId`, `TENANT_ID`, `currentOrg`, not `Organizer` or
 * `accounts`), or a member that says who is calling (`req.user`, `.session`, `.auth`, `.headers`, `.cookies`).
 */
const TENANT_DATA = (() => {
  const words = ['tenant', 'tenants', 'workspace', 'workspaces', 'org', 'orgs', 'organization', 'organisation', 'account', 'customer'];
  const forms = words.flatMap((w) => {
    const capital = `${w.charAt(0).toUpperCase()}${w.slice(1)}`;
    return [`(?<![A-Za-z0-9])${w}(?![a-z0-9])`, `(?<![A-Z])${capital}(?![a-z0-9])`, `(?<![A-Z])${w.toUpperCase()}(?![A-Za-z0-9])`];
  });
  return new RegExp([...forms, String.raw`\.\s*(user|session|auth|headers|cookies)(?![\w$])`].join('|'));
})();
