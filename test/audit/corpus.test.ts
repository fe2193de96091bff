import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditConfigSchema, resolveAuditSettings, RULE_IDS, runAudit } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';
import { readEvidenceDir } from '../../src/evidence/index.js';
import { runCli } from './cliHarness.js';
import { asKeys, auditCorpus, CORPUS, CORPUS_CONFIG, expectedFindings } from './corpusAudit.js';

describe('the audit on the corpus', () => {
  it('finds exactly the marked violations: no miss, no false alarm', async () => {
    const report = await auditCorpus();
    const expected = expectedFindings();
    const found = asKeys(report);
    const missed = expected.filter((e) => !found.includes(e));
    const falseAlarms = found.filter((f) => !expected.includes(f));
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
    expect(found).toEqual(expected);
  });

  it('covers every rule with at least one marked violation', () => {
    const rules = new Set(expectedFindings().map((e) => e.split(' ')[1]));
    expect(RULE_IDS.filter((r) => !rules.has(r))).toEqual([]);
  });

  it('keeps the excused findings, with the reason their allow comment gives', async () => {
    const report = await auditCorpus();
    expect(report.suppressed.map((s) => [s.file, s.line, s.rule, s.suppression.kind, s.suppression.justification])).toEqual([
      ['src/routes/allowed.ts', 6, 'state-access', 'allow', 'the migration job reads the manager directly until PLAT-123 lands'],
      ['src/routes/allowed.ts', 7, 'state-access', 'allow', 'same-line form, reviewed by platform'],
    ]);
  });

  it('flags legacy headers in the compat module once the compatibility window has closed', async () => {
    const inside = await auditCorpus();
    const after = await auditCorpus(new Date('2026-04-01T00:00:00Z'));
    const compat = (keys: string[]) => keys.filter((k) => k.startsWith('src/gateway/compat.ts'));
    expect(compat(asKeys(inside))).toEqual([]);
    expect(compat(asKeys(after))).toEqual(['src/gateway/compat.ts:3 legacy-header']);
    expect(after.violations.find((v) => v.file === 'src/gateway/compat.ts')?.message).toContain('closed on 2026-03-31');
  });

  it('asks the type checker only about candidate files, not every file', async () => {
    const report = await auditCorpus();
    expect(report.filesScanned).toBe(29);
    expect(report.filesTypeChecked).toBeLessThan(report.filesScanned);
  });
});

describe('isogate audit (the command) on the corpus', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'isogate-audit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const audit = (...argv: string[]) => runCli(['audit', '--config', CORPUS_CONFIG, '--no-cache', ...argv], CORPUS);

  it('prints JSON with paths relative to the project root, and exits 1 on violations', async () => {
    const run = await audit('--format', 'json');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.out) as { violations: Array<Record<string, unknown>>; suppressed: unknown[] };
    expect(json.violations.length).toBeGreaterThan(60);
    for (const v of json.violations) {
      expect(Object.keys(v)).toEqual(expect.arrayContaining(['rule', 'file', 'line', 'column', 'message']));
      expect(String(v['file'])).toMatch(/^src\//);
    }
    expect(json.suppressed).toHaveLength(2);
  });

  it('prints text as file:line:col  rule  message, with a code frame and the fix', async () => {
    const run = await audit('src/routes/direct.ts');
    expect(run.code).toBe(1);
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(/^src\/routes\/direct\.ts:2:1 {2}state-access {2}imports state module 'ioredis'/);
    expect(lines[1]).toContain("2 | import { Redis } from 'ioredis';");
    expect(lines[2]?.trim()).toBe('^');
    expect(lines[3]).toMatch(/^ {2}fix: /);
    expect(lines.at(-1)).toMatch(/^audit failed: 7 violation\(s\)/);
  });

  it('writes SARIF 2.1.0 that has what the schema requires, rule metadata, fingerprints and justifications', async () => {
    const run = await audit('--format', 'sarif');
    const sarif = sarifSchema.parse(JSON.parse(run.out));
    const results = sarif.runs[0]?.results ?? [];
    const ruleIds = sarif.runs[0]?.tool.driver.rules.map((r) => r.id) ?? [];
    expect(ruleIds).toEqual([...RULE_IDS]);
    for (const r of results) expect(ruleIds[r.ruleIndex]).toBe(r.ruleId);
    const suppressed = results.filter((r) => r.suppressions !== undefined);
    expect(suppressed.map((r) => r.suppressions?.[0]?.justification)).toEqual([
      'the migration job reads the manager directly until PLAT-123 lands', 'same-line form, reviewed by platform',
    ]);
    expect(new Set(results.map((r) => r.partialFingerprints['isogateFingerprint/v1'])).size).toBeGreaterThan(50);
  });

  it('writes JUnit with one failing test case per violated rule', async () => {
    const run = await audit('--format', 'junit');
    expect(run.out).toMatch(/^<\?xml/);
    expect(run.out).toContain(`tests="${RULE_IDS.length}"`);
    expect(run.out).toContain('<testcase classname="isogate.audit" name="redis-keys">');
    expect(run.out).toContain('<failure message="8 violation(s) of unverifiable-access"');
  });

  it('writes one evidence record for the gate', async () => {
    const evidence = join(dir, 'evidence');
    const run = await audit('--format', 'json', '--evidence-dir', evidence);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.check).toBe('audit');
    expect(record?.status).toBe('fail');
    const json = JSON.parse(run.out) as { violations: unknown[] };
    expect(record?.metrics).toEqual({ violations: json.violations.length, suppressed: 2, filesScanned: 29, unverifiable: 8 });
  });

  it('adopts a baseline: baselined findings pass, stale entries are reported, CI never writes one', async () => {
    const file = join(dir, 'baseline.json');
    expect((await audit('--write-baseline', file, '--format', 'json')).code).toBe(0);
    const clean = await audit('--baseline', file);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/audit passed: no violations/);
    const baseline = JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<Record<string, unknown>> };
    baseline.entries.push({ fingerprint: 'feedfacefeedfacefeedface', rule: 'state-access', file: 'src/gone.ts', symbol: 'x>y', count: 1 });
    writeFileSync(file, JSON.stringify(baseline));
    expect((await audit('--baseline', file)).out).toContain('baseline: stale entry feedfacefeedfacefeedface');
    const ci = await runCli(['audit', '--config', CORPUS_CONFIG, '--write-baseline', join(dir, 'ci.json')], CORPUS, { CI: 'true' });
    expect(ci.code).toBe(3);
    expect(existsSync(join(dir, 'ci.json'))).toBe(false);
  });

  it('exits 3 on an audit section that does not validate', async () => {
    const config = join(dir, 'bad.config.ts');
    writeFileSync(config, "export default { audit: { wrappers: 'src/state.ts' } };\n");
    const run = await runCli(['audit', '--config', config], dir);
    expect(run.code).toBe(3);
    expect(run.err).toContain('audit.wrappers');
  });
});

/** The properties SARIF 2.1.0's schema requires (no official schema file is installed to validate against). */
const message = z.object({ text: z.string().min(1) });
const sarifSchema = z.object({
  $schema: z.string().url().optional(),
  version: z.literal('2.1.0'),
  runs: z.array(z.object({
    tool: z.object({
      driver: z.object({
        name: z.string().min(1),
        version: z.string().optional(),
        informationUri: z.string().url().optional(),
        rules: z.array(z.object({
          id: z.string().min(1),
          shortDescription: message,
          fullDescription: message.optional(),
          help: message.extend({ markdown: z.string().optional() }),
          defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']) }),
        })),
      }),
    }),
    originalUriBaseIds: z.record(z.string(), z.object({ uri: z.string().url() })).optional(),
    results: z.array(z.object({
      ruleId: z.string(),
      ruleIndex: z.number().int().nonnegative(),
      level: z.enum(['none', 'note', 'warning', 'error']),
      message,
      locations: z.array(z.object({
        physicalLocation: z.object({
          artifactLocation: z.object({ uri: z.string().min(1).refine((u) => !u.startsWith('/'), 'relative uri'), uriBaseId: z.string().optional() }),
          region: z.object({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1) }),
        }),
      })).min(1),
      partialFingerprints: z.record(z.string(), z.string()),
      suppressions: z.array(z.object({
        kind: z.enum(['inSource', 'external']),
        status: z.enum(['accepted', 'underReview', 'rejected']).optional(),
        justification: z.string().optional(),
      })).optional(),
    })),
  })).min(1),
});

describe('the audit on the reference service (the root isogate.config.ts)', () => {
  const ROOT = resolve(import.meta.dirname, '../..');

  it('passes: only its state-access wrapper touches Redis', async () => {
    const run = await runCli(['audit', '--no-cache', '--format', 'json'], ROOT);
    const json = JSON.parse(run.out) as { violations: unknown[]; summary: { filesScanned: number } };
    expect(json.violations).toEqual([]);
    expect(run.code).toBe(0);
    expect(json.summary.filesScanned).toBeGreaterThan(10);
  });

  it('is not vacuous: without the wrapper exemption, the wrapper\'s ioredis use is flagged', async () => {
    const loaded = await loadConfig('isogate.config.ts', ROOT);
    const audit = auditConfigSchema.parse({ ...loaded.config.audit, wrappers: [] });
    const report = await runAudit(resolveAuditSettings(audit, loaded.dir));
    const files = new Set(report.violations.filter((v) => v.rule === 'state-access').map((v) => v.file));
    expect([...files]).toEqual(expect.arrayContaining(['fixtures/reference-service/state-access/RedisBackend.ts']));
  });
});
