import { createRequire } from 'node:module';
import { ts } from 'ts-morph';

/**
 * Source files parsed once per run and shared by the syntax pass and the program, so a file the
 * checker needs is not parsed twice. The program is built on ts-morph's TypeScript (`ts` from
 * ts-morph) through a host that serves these files: ts-morph's Project wrapper costs 2-3x the
 * time on large code bases, and the audit only needs the compiler's checker.
 */
/**
 * Declaration files of libraries and of TypeScript itself, shared by every audit in a process
 * (tests, watch-like runs): they do not change while it runs, and they are most of a program.
 */
const sharedDeclarations = new Map<string, ts.SourceFile>();
const SHARED = /\/node_modules\/.*\.d\.[cm]?ts$/;

/**
 * TypeScript's own lib files (lib.es2022.d.ts, …). The TypeScript bundled with ts-morph looks
 * for them beside itself, where they are not: they ship inside @ts-morph/common. Without them
 * the checker knows no Promise or Map, and every awaited value is `any`.
 */
const LIB_DIR = '/__isogate__/node_modules/typescript/lib';
let libTexts: Map<string, string> | undefined;
function libText(fileName: string): string | undefined {
  if (!fileName.startsWith(`${LIB_DIR}/`)) return undefined;
  if (libTexts === undefined) {
    const common = createRequire(createRequire(import.meta.url).resolve('ts-morph'))('@ts-morph/common') as { getLibFiles(): Array<{ fileName: string; text: string }> };
    libTexts = new Map(common.getLibFiles().map((f) => [`${LIB_DIR}/${f.fileName}`, f.text]));
  }
  return libTexts.get(fileName);
}

export class ParsedFiles {
  private readonly files = new Map<string, ts.SourceFile>();
  private readonly host: ts.CompilerHost;
  private readonly packageJsons: ts.PackageJsonInfoCache;

  constructor(private readonly options: ts.CompilerOptions) {
    const base = ts.createCompilerHost(options);
    this.host = {
      ...base,
      getDefaultLibLocation: () => LIB_DIR,
      getDefaultLibFileName: (o) => `${LIB_DIR}/${ts.getDefaultLibFileName(o)}`,
      fileExists: (f) => libText(f) !== undefined || base.fileExists(f),
      readFile: (f) => libText(f) ?? base.readFile(f),
      getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
        const lib = libText(fileName);
        return lib !== undefined ? ts.createSourceFile(fileName, lib, languageVersion) : base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
      },
    };
    this.packageJsons = ts.createModuleResolutionCache(process.cwd(), (f) => f, options).getPackageJsonInfoCache();
  }

  /** Parsed once and kept: the program reuses the same trees (the checker's nodes are the rules' nodes). */
  get(fileName: string, text: string): ts.SourceFile {
    let sf = this.files.get(fileName);
    if (sf === undefined) {
      sf = this.parse(fileName, text);
      this.files.set(fileName, sf);
    }
    return sf;
  }

  private parse(fileName: string, text: string): ts.SourceFile {
    const impliedNodeFormat = ts.getImpliedNodeFormatForFile(fileName as ts.Path, this.packageJsons, this.host, this.options);
    return ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.Latest, impliedNodeFormat }, true);
  }

  /** A program over `roots` (and what they import), reusing the files parsed so far. */
  /**
   * A program over `roots` and what they import. A project file `skip` names is served empty:
   * the caller knows nothing in it can lead to state, so binding it would be wasted work
   * (most of a large code base's import closure).
   */
  program(roots: readonly string[], skip: (fileName: string) => boolean = () => false): ts.Program {
    const base = this.host;
    const host: ts.CompilerHost = {
      ...base,
      getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
        const own = this.files.get(fileName);
        const format = typeof languageVersion === 'object' ? languageVersion.impliedNodeFormat : undefined;
        if (own !== undefined && (format === undefined || own.impliedNodeFormat === format)) return own;
        if (skip(fileName)) return ts.createSourceFile(fileName, '', languageVersion);
        if (!SHARED.test(fileName)) return base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
        const key = `${fileName}|${String(format)}`;
        let shared = sharedDeclarations.get(key);
        if (shared === undefined) {
          shared = base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
          if (shared !== undefined) sharedDeclarations.set(key, shared);
        }
        return shared;
      },
    };
    return ts.createProgram({ rootNames: roots, options: this.options, host });
  }
}
