import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ts } from 'ts-morph';

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts'];
const TS_FILE = /\.[cm]?tsx?$/;

/**
 * A specifier resolved to a project source file, or undefined for a package (or nothing on disk).
 * Relative specifiers resolve the way NodeNext writes them (`./x.js` → x.ts). Anything else is
 * resolved by TypeScript under the nearest tsconfig's options: real apps import their own modules
 * through `paths` aliases (`@/state/redis`), `baseUrl` or package.json `imports` (`#state/redis`),
 * and a raw client that leaves a wrapper that way must be followed like a relative import.
 */
export function resolveProjectSpecifier(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolveRelative(fromFile, specifier);
  if (specifier.startsWith('node:')) return undefined;
  const project = optionsFor(dirname(fromFile));
  if (project === undefined) return undefined;
  const { config, options } = project;
  if (options.paths === undefined && options.baseUrl === undefined && !specifier.startsWith('#')) return undefined;
  const key = `${config}\u0000${dirname(fromFile)}\u0000${specifier}`;
  if (resolved.has(key)) return resolved.get(key);
  const r = ts.resolveModuleName(specifier, fromFile, options, ts.sys).resolvedModule;
  const file = r === undefined || r.isExternalLibraryImport === true || !TS_FILE.test(r.resolvedFileName) ? undefined : resolve(r.resolvedFileName);
  resolved.set(key, file);
  return file;
}

export function modulePseudoName(fromFile: string, specifier: string): string {
  return `module:${resolveProjectSpecifier(fromFile, specifier) ?? specifier}`;
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, ...TS_EXTENSIONS.map((e) => stem + e), ...TS_EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => TS_FILE.test(c) && existsSync(c));
}

// Memos of what the file system said: a directory's nearest tsconfig, a tsconfig's parsed options
// (keyed with its modification time, so an edited tsconfig is read again), and answers per
// directory and specifier.
const configOfDir = new Map<string, string | undefined>();
const optionsOfConfig = new Map<string, { mtimeMs: number; options: ts.CompilerOptions | undefined }>();
const resolved = new Map<string, string | undefined>();

function optionsFor(dir: string): { config: string; options: ts.CompilerOptions } | undefined {
  let config = configOfDir.get(dir);
  if (!configOfDir.has(dir)) {
    config = ts.findConfigFile(dir, ts.sys.fileExists);
    configOfDir.set(dir, config);
  }
  if (config === undefined) return undefined;
  const mtimeMs = statSync(config, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const known = optionsOfConfig.get(config);
  if (known !== undefined && known.mtimeMs === mtimeMs) return known.options === undefined ? undefined : { config, options: known.options };
  // A tsconfig that does not parse adds no aliases here; the audit reports the project's own
  // tsconfig errors where it loads it.
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  const options = ts.getParsedCommandLineOfConfigFile(config, {}, host)?.options;
  optionsOfConfig.set(config, { mtimeMs, options });
  for (const k of [...resolved.keys()]) if (k.startsWith(`${config}\u0000`)) resolved.delete(k);
  return options === undefined ? undefined : { config, options };
}
