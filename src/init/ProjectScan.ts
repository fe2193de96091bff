import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Packages whose import means "this file talks to Redis (or a Redis-compatible store)". */
export const STATE_PACKAGES = ['ioredis', 'iovalkey', 'redis', '@redis/client', '@upstash/redis', '@valkey/valkey-glide'] as const;

/** Folders that hold no code of the project's own. */
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', 'reports', '.next', '.turbo', '.cache', '.isogate-cache']);
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
/** Enough for a large service; a scan past it is cut short (and says so) rather than slow. */
const MAX_FILES = 20_000;

export interface ProjectScan {
  /** The tsconfig found at the project root, relative to it; undefined when there is none. */
  readonly tsconfig: string | undefined;
  /** Project files (relative, `/`-separated) that import a state package, by package. */
  readonly stateImports: ReadonlyMap<string, readonly string[]>;
  readonly filesScanned: number;
  readonly truncated: boolean;
}

function findTsconfig(root: string): string | undefined {
  if (existsSync(join(root, 'tsconfig.json'))) return 'tsconfig.json';
  return readdirSync(root).filter((f) => /^tsconfig\..+\.json$/.test(f)).sort()[0];
}

function sourceFiles(root: string, skip: ReadonlySet<string>): { files: string[]; truncated: boolean } {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !skip.has(path)) pending.push(path);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        if (files.length >= MAX_FILES) return { files, truncated: true };
        files.push(path);
      }
    }
  }
  return { files: files.sort(), truncated: false };
}

/** The package a bare specifier names: `ioredis/built/x` → ioredis, `@redis/client/x` → @redis/client. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"./][^'"]*)['"]/gm;

/**
 * What `isogate init` proposes from: the project's tsconfig and the files that import a Redis
 * client (its state-access modules). Text only, no type checker: init must be quick and must
 * work on a project that does not compile yet.
 */
export function scanProject(root: string, skipDirs: readonly string[] = []): ProjectScan {
  const { files, truncated } = sourceFiles(root, new Set(skipDirs.map((d) => join(root, d))));
  const byPackage = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const found = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const pkg = packageOf(m[1] as string);
      if ((STATE_PACKAGES as readonly string[]).includes(pkg)) found.add(pkg);
    }
    for (const pkg of found) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), relative(root, file).split(sep).join('/')]);
  }
  return { tsconfig: findTsconfig(root), stateImports: byPackage, filesScanned: files.length, truncated };
}
