import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { checkSingletons } from '../../src/audit/checkSingletons.js';
import { FindingSink } from '../../src/audit/FindingSink.js';
import { auditConfigSchema, resolveAuditSettings, runAudit } from '../../src/audit/index.js';
import { TextPrefilter } from '../../src/audit/TextPrefilter.js';
import { loadConfig } from '../../src/config/index.js';
import { asKeys, CORPUS, CORPUS_CONFIG, CORPUS_DAY } from './corpusAudit.js';

const SETTINGS = resolveAuditSettings(auditConfigSchema.parse({}), '/project');
const PREFILTER = new TextPrefilter(SETTINGS);

function singletonFindings(text: string): number {
  const sf = ts.createSourceFile('/project/x.ts', text, ts.ScriptTarget.Latest, true);
  const sink = new FindingSink(sf, 'x.ts');
  checkSingletons({ sf, file: 'x.ts', settings: SETTINGS, sink, isWrapper: false });
  return sink.findings.length;
}

/** Module-level values request code writes tenant data into: the syntax half of module-singleton reports each. */
const SINGLETONS = [
  'const byTenant = new Map<string, number>(); export function f(tenantId: string) { byTenant.set(tenantId, 1); }',
  'let current = \'\'; export function f(req: { user: { id: string } }) { current = req.user.id; }',
  'export class A { static m: Record<string, string> = {}; add(orgId: string) { A.m[orgId] = \'x\'; } }',
  'const seen: string[] = []; export const f = (workspace: string) => { seen.push(workspace); };',
  'const memo = createMemo(); export function f(accountId: string) { const k = `a:${accountId}`; memo.set(k, 1); }',
];
/** Shared, but never written with tenant data: counters, registries, clients, functions' own locals. */
const CLEAN = [
  'export function f() { let x = 1; return new Map([[x, x]]); }',
  "export const re = /[{]/; export const s = '{'; export function g() { return `}${'{'}`; }",
  'export const frozen = Object.freeze({ a: 1 }); export class B { m() { return [] } }',
  'import { a } from "./a.js"; export const total = (n: number) => n / 2 / a;',
  'const counters = new Map<string, number>(); export function inc(name: string) { counters.set(name, (counters.get(name) ?? 0) + 1); }',
  'let requests = 0; export default new Registry(); export function hit() { requests++; }',
];

describe('text prefilter', () => {
  it('never rules out a file the module-singleton rule reports in', () => {
    for (const text of SINGLETONS) {
      expect(singletonFindings(text), text).toBeGreaterThan(0);
      expect(PREFILTER.mayHaveSyntaxFindings('x.ts', text), text).toBe(true);
    }
  });

  it('module-singleton stays quiet on shared values that hold nothing of a tenant\'s, and the prefilter rules them out', () => {
    for (const text of CLEAN) {
      expect(singletonFindings(text), text).toBe(0);
      expect(PREFILTER.mayHaveSyntaxFindings('x.ts', text), text).toBe(false);
    }
  });

  it('reads tenant words the way the tenant-write test splits identifiers, not as loose words', () => {
    for (const text of ['tenantId', 'TENANT_ID', 'currentOrg', 'org_id', 'getAccountBalance', 'x.user', 'req?.headers', 'this.#customer']) {
      expect(PREFILTER.mayHaveSyntaxFindings('x.ts', `f(${text})`), text).toBe(true);
    }
    for (const text of ['accounts', 'Organizer', 'customers2', 'HTTPAccount', 'ACCOUNTID', 'discount', 'contenant', 'userId', 'Headers']) {
      expect(PREFILTER.mayHaveSyntaxFindings('x.ts', `f(${text})`), text).toBe(false);
    }
  });

  it('agrees with the parser on every corpus file', () => {
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : /\.ts$/.test(n) ? [p] : [];
    });
    for (const file of [...walk(join(CORPUS, 'src')), ...walk(join(CORPUS, '../audit-app/src'))]) {
      const text = readFileSync(file, 'utf8');
      if (singletonFindings(text) > 0) expect(PREFILTER.mayHaveSyntaxFindings('x.ts', text), file).toBe(true);
    }
  });

  it('changes no finding: the corpus audit with and without it is the same', async () => {
    const loaded = await loadConfig(CORPUS_CONFIG);
    if (loaded.config.audit === undefined) throw new Error('corpus config has no audit section');
    const settings = resolveAuditSettings(loaded.config.audit, loaded.dir, CORPUS_DAY);
    const [fast, full] = [await runAudit(settings), await runAudit(settings, { prefilter: false })];
    expect(asKeys(fast)).toEqual(asKeys(full));
    expect(fast.suppressed.map((s) => `${s.file}:${s.line}`)).toEqual(full.suppressed.map((s) => `${s.file}:${s.line}`));
  });
});

describe('text prefilter triggers', () => {
  it('keeps files with optional or generic calls of the patterns the syntax pass records', () => {
    const settings = resolveAuditSettings(auditConfigSchema.parse({ state: { modules: ['ioredis', './src/state/index.ts'] } }), '/p');
    const filter = new TextPrefilter(settings);
    for (const text of ['r.keys?.(p)', 'r.keys<string>(p)', "r.call?.('KEYS', p)", 'eval?.(s)', 'new Function;', "import { x } from './state';", "import R from 'ioredis/built';"]) {
      expect(filter.mayMatter(text), text).toBe(true);
    }
    expect(filter.mayMatter('export const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);')).toBe(false);
    // Common words, Object.keys, a module whose name merely appears in a comment: not admitted.
    for (const text of ['// the state of the account', 'Object.keys(o); Reflect_ish; map.keys()', 'const requestId = 1; // headers?', "import { x } from './statement.js';"]) {
      expect(filter.mayMatter(text), text).toBe(false);
    }
  });
});

describe('text prefilter and the import graph', () => {
  it('admits a file that names nothing configured or tainted but imports a module whose exports lead to state', async () => {
    // Inside the repo, so `ioredis` resolves from its node_modules.
    const cacheDir = join(import.meta.dirname, '../../.isogate-cache');
    mkdirSync(cacheDir, { recursive: true });
    const dir = mkdtempSync(join(cacheDir, 'prefilter-graph-'));
    try {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true }, include: ['*.ts'] }));
      writeFileSync(join(dir, 'client.ts'), "import { Redis } from 'ioredis';\nexport const redis = new Redis({ lazyConnect: true });\n");
      writeFileSync(join(dir, 'keys.ts'), "export const KEY = 'red' + 'is';\n");
      writeFileSync(join(dir, 'user.ts'), "import * as s from './client.js';\nimport { KEY } from './keys.js';\nexport const size = () => s[KEY].dbsize();\n");
      const settings = resolveAuditSettings(auditConfigSchema.parse({ wrappers: ['client.ts'], state: { modules: ['ioredis'] }, requestPath: [] }), dir);
      const filter = new TextPrefilter(settings);
      expect(filter.mayMatter(readFileSync(join(dir, 'user.ts'), 'utf8'))).toBe(false);
      const [fast, full] = [await runAudit(settings), await runAudit(settings, { prefilter: false })];
      expect(fast.violations.map((v) => `${v.file}:${v.line} ${v.rule}`)).toEqual(['user.ts:3 state-access']);
      expect(full.violations.map((v) => `${v.file}:${v.line} ${v.rule}`)).toEqual(['user.ts:3 state-access']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('text prefilter and failing closed', () => {
  it('fails the audit on a syntax error in a file that may lead to state, and does not parse a file nothing in which can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isogate-audit-parse-'));
    try {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['*.ts'] }));
      writeFileSync(join(dir, 'clean.ts'), 'export function add(a: number, b: number): number { return a + b; }\n');
      // No state name, no rule pattern, no tenant word: its syntax cannot hide state access.
      writeFileSync(join(dir, 'unrelated.ts'), 'export function f(): number { return 1 +; }\n');
      const settings = resolveAuditSettings(auditConfigSchema.parse({ state: { modules: ['ioredis'] }, requestPath: [] }), dir);
      const report = await runAudit(settings);
      expect(report.violations).toEqual([]);
      expect(report.filesScanned).toBe(2);
      writeFileSync(join(dir, 'broken.ts'), "import Redis from 'ioredis';\nexport function g(r: Redis) { return r.get(; }\n");
      await expect(runAudit(settings)).rejects.toMatchObject({ code: 'ISOGATE_AUDIT_PROJECT', message: expect.stringContaining('broken.ts') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
