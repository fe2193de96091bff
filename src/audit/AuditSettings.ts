import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { AuditConfig } from './AuditConfig.js';
import { GlobSet } from './GlobSet.js';

/** The audit config with every path made absolute against the config file's directory. */
export interface AuditSettings {
  /** The section as written (what the facts cache is keyed on). */
  config: AuditConfig;
  /** The config file's directory: config paths and reported paths are relative to it. */
  root: string;
  tsconfig: string;
  include: GlobSet;
  exclude: GlobSet;
  wrappers: GlobSet;
  statePackages: string[];
  stateFiles: Set<string>;
  /** Symbols named without a module: any declaration of that name in the project's own files. */
  symbolsAnywhere: Set<string>;
  /** Absolute file → names declared there that are state (symbols and globals). */
  namesInFile: Map<string, Set<string>>;
  globalNames: Set<string>;
  requestPath: GlobSet;
  legacyHeaders: { names: Set<string>; allowedIn: GlobSet; until: string | undefined } | undefined;
  productionConfig: GlobSet;
  /** Production config files named literally (any extension): scanned as text. */
  productionFiles: string[];
  /** Today, as YYYY-MM-DD (injected so tests can move the clock). */
  today: string;
}

export function isPathLike(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/') || /\.[cm]?[jt]sx?$/.test(module);
}

export function resolveAuditSettings(config: AuditConfig, root: string, now: Date = new Date()): AuditSettings {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(root, p));
  const namesInFile = new Map<string, Set<string>>();
  const addNames = (module: string, names: readonly string[]): void => {
    const file = abs(module);
    const set = namesInFile.get(file) ?? new Set<string>();
    for (const n of names) set.add(n);
    namesInFile.set(file, set);
  };
  const symbolsAnywhere = new Set<string>();
  for (const s of config.state.symbols) {
    if (typeof s === 'string') symbolsAnywhere.add(s);
    else addNames(s.module, s.names);
  }
  const globalNames = new Set<string>();
  for (const g of config.state.globals) {
    if (typeof g === 'string') {
      globalNames.add(g);
      continue;
    }
    addNames(g.module, g.names);
    for (const n of g.names) globalNames.add(n);
  }
  const legacy = config.legacyHeaders;
  return {
    config,
    root,
    tsconfig: abs(config.project),
    include: new GlobSet(config.include),
    exclude: new GlobSet(config.exclude),
    wrappers: new GlobSet(config.wrappers),
    statePackages: config.state.modules.filter((m) => !isPathLike(m)),
    stateFiles: new Set(config.state.modules.filter(isPathLike).map(abs)),
    symbolsAnywhere,
    namesInFile,
    globalNames,
    requestPath: new GlobSet(config.requestPath),
    legacyHeaders: legacy === undefined ? undefined : {
      names: new Set(legacy.names.map((n) => n.toLowerCase())),
      allowedIn: new GlobSet(legacy.allowedIn),
      until: legacy.until,
    },
    productionConfig: new GlobSet(config.productionConfig),
    productionFiles: config.productionConfig.filter((p) => !/[*?{]/.test(p)).map(abs).filter((p) => existsSync(p)),
    today: now.toISOString().slice(0, 10),
  };
}

/** A path relative to the root with `/`, as findings and globs use it. */
export function relativeToRoot(settings: Pick<AuditSettings, 'root'>, file: string): string {
  return relative(settings.root, file).split(sep).join('/');
}

/** Whether a module specifier names one of the state packages (or a subpath of one). */
export function isStatePackage(settings: Pick<AuditSettings, 'statePackages'>, specifier: string): boolean {
  const spec = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return settings.statePackages.some((p) => spec === p || spec.startsWith(`${p}/`));
}

/** Whether a declaration file belongs to a state package (its sources or its @types). */
export function isInStatePackage(settings: Pick<AuditSettings, 'statePackages'>, fileName: string): boolean {
  return settings.statePackages.some((p) => {
    const typesName = p.startsWith('@') ? p.slice(1).replace('/', '__') : p;
    return fileName.includes(`/node_modules/${p}/`) || fileName.includes(`/node_modules/@types/${typesName}/`);
  });
}
