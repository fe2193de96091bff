import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAuditSettings, runAudit, type AuditReport } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';

// Copies live under the repo's git-ignored cache, so `ioredis` resolves as it does for users.
const WORK = resolve(import.meta.dirname, '../../.isogate-cache', `equivalence-${process.pid}`);
const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const DAY = new Date('2026-03-15T12:00:00Z');

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.[cm]?ts$/.test(name) && !/\.d\.[cm]?ts$/.test(name) ? [path] : [];
  }).sort();
}

/** Everything a report says of each finding, so equal reports agree on messages and suppressions too. */
function summary(r: AuditReport): unknown {
  return {
    violations: r.violations.map((v) => `${v.file}:${v.line}:${v.column} ${v.rule} ${v.message}`).sort(),
    suppressed: r.suppressed.map((s) => `${s.file}:${s.line} ${s.rule}`).sort(),
  };
}

/**
 * Two edits that change what the audit sees: an export appended (new names, new dependents),
 * and the first quoted string in the file changed (tokens, header names, keys, specifiers of
 * dynamic imports all live in strings).
 */
const EDITS: Array<(text: string, i: number) => string> = [
  (text, i) => `${text}\nexport const touched${i} = ${i};\n`,
  (text) => text.replace(/(?<!from |import\(|require\()'([^'\n]+)'/, "'$1_'"),
];

describe.each(['audit-corpus', 'audit-app', 'audit-app2'])('--changed-since on %s', (name) => {
  const dir = join(WORK, name);
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });

  it('reports what a full audit of the same tree reports, after each of several rounds of edits', async () => {
    mkdirSync(dir, { recursive: true });
    cpSync(join(FIXTURES, name, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(FIXTURES, name, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    writeFileSync(join(dir, '.gitignore'), '.isogate-cache/\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'corpus');
    const loaded = await loadConfig(join(FIXTURES, name, 'isogate.config.ts'));
    if (loaded.config.audit === undefined) throw new Error(`${name} has no audit section`);
    const settings = resolveAuditSettings(loaded.config.audit, dir, DAY);
    const cacheDir = join(dir, '.isogate-cache');
    const files = sources(join(dir, 'src'));

    const first = await runAudit(settings, { changedSince: 'HEAD', cacheDir });
    expect(summary(first)).toEqual(summary(await runAudit(settings)));
    // Every third file, from a different offset each round, with each kind of edit.
    for (let round = 0; round < 4; round++) {
      const edit = EDITS[round % EDITS.length] as (text: string, i: number) => string;
      const touched = files.filter((_f, i) => i % 3 === round % 3);
      touched.forEach((f, i) => writeFileSync(f, edit(readFileSync(f, 'utf8'), i)));
      const incremental = await runAudit(settings, { changedSince: 'HEAD', cacheDir });
      const full = await runAudit(settings);
      expect(summary(incremental), `round ${round}: ${touched.map((f) => relative(dir, f)).join(', ')}`).toEqual(summary(full));
      // not timing: the incremental run must have judged only part of the tree to prove anything
      expect(incremental.filesChecked).toBeLessThan(full.filesChecked);
      git('add', '.');
      git('commit', '-qm', `round ${round}`);
    }
  }, 600_000); // hang guard: ten audits of the project, on a shared machine
});
