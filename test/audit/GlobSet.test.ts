import { describe, expect, it } from 'vitest';
import { GlobSet } from '../../src/audit/GlobSet.js';

describe('GlobSet (config globs, relative to the config file)', () => {
  it('matches ** across directories, * within one, braces, and a bare directory as a prefix', () => {
    const globs = new GlobSet(['src/routes/**', '*.config.ts', 'lib/{a,b}.ts', 'fixtures/reference-service']);
    expect(globs.matches('src/routes/a/b.ts')).toBe(true);
    expect(globs.matches('src/routes.ts')).toBe(false);
    expect(globs.matches('isogate.config.ts')).toBe(true);
    expect(globs.matches('nested/isogate.config.ts')).toBe(false);
    expect(globs.matches('lib/b.ts')).toBe(true);
    expect(globs.matches('lib/c.ts')).toBe(false);
    expect(globs.matches('fixtures/reference-service/index.ts')).toBe(true);
    expect(globs.matches('fixtures/reference-service-2/index.ts')).toBe(false);
  });

  it('treats **/ as zero or more directories and escapes regex characters', () => {
    const globs = new GlobSet(['**/.env.production', 'a+b/(x).ts']);
    expect(globs.matches('.env.production')).toBe(true);
    expect(globs.matches('deploy/.env.production')).toBe(true);
    expect(globs.matches('a+b/(x).ts')).toBe(true);
    expect(globs.matches('aab/x.ts')).toBe(false);
    expect(new GlobSet([]).empty).toBe(true);
  });
});
