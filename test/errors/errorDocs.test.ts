import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorDocs, IsogateError, ISOGATE_ERROR_CODES, README_PATH } from '../../src/errors/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

describe('error documentation', () => {
  it('points at the README shipped with the package, with the section of the code', () => {
    expect(README_PATH).toBe(join(root, 'README.md'));
    expect(errorDocs('ISOGATE_REDIS_UNAVAILABLE', root)).toBe('README.md#isogate_redis_unavailable');
    // A project that installed isogate sees the path under its own node_modules.
    expect(errorDocs('ISOGATE_USAGE', '/elsewhere')).toBe(`${README_PATH}#isogate_usage`);
    const text = new IsogateError('ISOGATE_CONFIG_NOT_FOUND', 'expected a config, found none').describe();
    expect(text).toMatch(/docs: \S*README\.md#isogate_config_not_found$/m);
    expect(text).not.toMatch(/https?:\/\//);
  });

  it('has a README section for every code, and nothing else in the Errors list', () => {
    const errors = readme.slice(readme.indexOf('## Errors'));
    const headings = [...errors.matchAll(/^### (ISOGATE_[A-Z_]+)$/gm)].map((m) => m[1]);
    expect([...headings].sort()).toEqual([...ISOGATE_ERROR_CODES].sort());
  });

  // A code is raised (new IsogateError('CODE', …)) or printed at the start of a string ('CODE: …');
  // environment variables set as object keys (ISOGATE_ARM_ROLE: …) are not codes.
  it('knows every code the sources raise or print', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'bin')), ...sourceFiles(join(root, 'scripts'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/IsogateError\(\s*'(ISOGATE_[A-Z_]+)'|['"`](ISOGATE_[A-Z_]+): /g)) used.add((m[1] ?? m[2]) as string);
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((code) => !(ISOGATE_ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
    expect(existsSync(README_PATH)).toBe(true);
  });
});
