import { existsSync } from 'node:fs';
import { ts } from 'ts-morph';
import { IsogateError } from '../errors/index.js';
import { relativeToRoot, type AuditSettings } from './AuditSettings.js';

/** The files a tsconfig names, narrowed to the ones the audit reads. */
export interface AuditFileSet {
  options: ts.CompilerOptions;
  /** Source files to audit (absolute). */
  files: string[];
  /** Declaration files the project includes: ambient declarations the checker needs. */
  declarations: string[];
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

/** Reads the tsconfig; a missing or broken one is a configuration error (exit 3), never an empty audit. */
export function loadAuditFileSet(settings: AuditSettings, paths: readonly string[] = []): AuditFileSet {
  if (!existsSync(settings.tsconfig)) {
    throw new IsogateError('ISOGATE_AUDIT_PROJECT', `expected a tsconfig at ${settings.tsconfig}, found none`, {
      hint: 'set audit.project in isogate.config.ts to your tsconfig.json (relative to the config file)',
    });
  }
  const problems: string[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => problems.push(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(settings.tsconfig, {}, host);
  const errors = (parsed?.errors ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  problems.push(...errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  if (parsed === undefined || problems.length > 0) {
    throw new IsogateError('ISOGATE_AUDIT_PROJECT', `expected ${settings.tsconfig} to be a readable tsconfig, found: ${problems.join('; ')}`, {
      hint: 'fix the tsconfig (npx tsc -p <it> --listFilesOnly shows what TypeScript makes of it)',
    });
  }
  const wanted = (file: string): boolean => {
    const rel = relativeToRoot(settings, file);
    if (!settings.include.empty && !settings.include.matches(rel)) return false;
    if (settings.exclude.matches(rel)) return false;
    return paths.length === 0 || paths.some((p) => file === p || file.startsWith(p.endsWith('/') ? p : `${p}/`));
  };
  const files = parsed.fileNames.filter((f) => SOURCE.test(f) && !DECLARATION.test(f) && wanted(f));
  const declarations = parsed.fileNames.filter((f) => DECLARATION.test(f));
  return { options: { ...parsed.options, noEmit: true }, files, declarations };
}
