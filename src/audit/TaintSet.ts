import { isPathLike } from './AuditSettings.js';
import type { AuditSettings } from './AuditSettings.js';
import { KEYS_CALL } from './factPatterns.js';
import type { FileFacts } from './FileFacts.js';

/**
 * What makes any file a candidate for `unverifiable-access`: code the audit cannot follow. Not
 * `Reflect`: a reflective access reaches state only on a target built from a tainted name (or the
 * global object, with state globals), which makes its file a candidate anyway.
 */
const TRIGGER_NAMES = ['eval()', 'Function()', 'require()', 'import()'] as const;
/** With state globals configured, any use of the global object may reach them. */
export const GLOBAL_OBJECT_NAMES = ['globalThis', 'global', 'window', 'self'] as const;

/** Tainted names: project-wide ones, and per file the file-local ones. */
export class Taint {
  constructor(
    readonly global: ReadonlySet<string>,
    private readonly local: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly declared: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  /** `.name` (a member) is project-wide; a bare name the file declares is the file's own. */
  has(file: string, name: string): boolean {
    return isTainted(name, this.global, this.local.get(file), this.declared.get(file));
  }

  /** The names tainted in one file, as a set view. */
  inFile(file: string): ReadonlySet<string> {
    return { has: (name: string) => this.has(file, name) } as ReadonlySet<string>;
  }

  get size(): number {
    let n = this.global.size;
    for (const l of this.local.values()) n += l.size;
    return n;
  }
}

/**
 * Names that may lead to tenant state, by name alone: the configured symbols and globals, names
 * imported from state modules, and every name bound from a tainted name (aliases, fields typed
 * as, re-exports, returns), to a fixpoint. Exported names and members taint project-wide; local
 * names only in their file. Over-approximate on purpose: the checker then decides each use; a
 * name missing here would be a silent miss.
 */
export function computeTaint(settings: AuditSettings, files: ReadonlyArray<readonly [string, FileFacts]>): Taint {
  const global = new Set<string>();
  const seed = (n: string): void => {
    global.add(n);
    global.add(`.${n}`);
  };
  for (const n of [...settings.symbolsAnywhere, ...settings.globalNames]) seed(n);
  for (const names of settings.namesInFile.values()) for (const n of names) seed(n);
  const local = new Map<string, Set<string>>();
  const declared = new Map<string, Set<string>>();
  for (const [file, f] of files) {
    const mine = new Set<string>();
    for (const id of f.ids) if (id.startsWith('module:') && isStateModuleName(settings, id.slice(7))) mine.add(id);
    local.set(file, mine);
    declared.set(file, new Set(f.locals));
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [file, f] of files) {
      const mine = local.get(file) as Set<string>;
      const own = declared.get(file);
      const tainted = (n: string): boolean => isTainted(n, global, mine, own);
      for (let grew = true; grew;) {
        grew = false;
        for (const [name, from, isLocal] of f.edges) {
          const target = isLocal === 1 ? mine : global;
          if (!target.has(name) && from.some(tainted)) {
            target.add(name);
            grew = true;
            if (isLocal === 0) changed = true;
          }
        }
      }
    }
  }
  return new Taint(global, local, declared);
}

function isTainted(name: string, global: ReadonlySet<string>, local: ReadonlySet<string> | undefined, declared: ReadonlySet<string> | undefined): boolean {
  if (local?.has(name) === true) return true;
  if (name.startsWith('.') || declared?.has(name) !== true) return global.has(name);
  return false;
}

function isStateModuleName(settings: AuditSettings, module: string): boolean {
  if (isPathLike(module)) return settings.stateFiles.has(module);
  const spec = module.startsWith('node:') ? module.slice(5) : module;
  return settings.statePackages.some((p) => spec === p || spec.startsWith(`${p}/`));
}

export interface CandidateKinds {
  /** Needs the checker for state access / unverifiable access. */
  state: boolean;
  keys: boolean;
}

/** What, in one file, the checker must look at; a file with none of these never reaches it (header names are folded from the facts). */
export function candidateKinds(settings: AuditSettings, facts: FileFacts, tainted: ReadonlySet<string>, isWrapper: boolean): CandidateKinds {
  const ids = new Set(facts.ids);
  const has = (names: readonly string[]): boolean => names.some((n) => ids.has(n));
  return {
    state: !isWrapper && (has(TRIGGER_NAMES) || (settings.globalNames.size > 0 && has(GLOBAL_OBJECT_NAMES)) || facts.ids.some((id) => tainted.has(id))),
    keys: ids.has(KEYS_CALL),
  };
}

/** A stable key of what makes a file a candidate: when it changes, cached findings are stale. */
export function candidateKey(facts: FileFacts, tainted: ReadonlySet<string>): string {
  return facts.ids.filter((id) => tainted.has(id)).sort().join(',');
}
