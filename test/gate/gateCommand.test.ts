import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CommandIO } from '../../src/cli/index.js';
import { writeEvidence, type Evidence } from '../../src/evidence/index.js';
import { PRESETS, type GateReport } from '../../src/gate/index.js';
import { evidenceMeeting } from './presetEvidence.js';
import { pilotLeaking, pilotPassing } from './sampleEvidence.js';

const COMMIT = 'a368d23a368d23a368d23a368d23a368d23a368d';
let root: string;

function io(env: NodeJS.ProcessEnv = {}): CommandIO & { text(): string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: root, env: { GITHUB_SHA: COMMIT, ...env }, text: () => lines.join('\n') };
}

async function evidenceDir(name: string, records: Evidence[]): Promise<string> {
  const dir = join(root, 'evidence', name);
  for (const r of records) await writeEvidence(dir, r);
  return dir;
}

async function gate(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; text: string; report?: GateReport; reportPath?: string }> {
  const out = io(env);
  const code = await main(['gate', '--reports-dir', join(root, 'reports'), ...args], out);
  const match = /reports: (\S+)report\.html/.exec(out.text());
  if (match?.[1] === undefined) return { code, text: out.text() };
  const reportPath = `${match[1]}report.json`;
  return { code, text: out.text(), reportPath, report: JSON.parse(await readFile(reportPath, 'utf8')) as GateReport };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'isogate-gate-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('isogate gate on hand-written evidence (--evidence-dir)', () => {
  let preRolloutReport = '';

  it('GO for the first stage: exit 0, four reports, the summary appended to $GITHUB_STEP_SUMMARY', async () => {
    const stage = PRESETS['tenant-scoped-state'].stages[0];
    if (stage === undefined) throw new Error('no stage');
    const dir = await evidenceDir('pre-rollout', evidenceMeeting(stage));
    const summary = join(root, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    const r = await gate(['--stage', 'pre-rollout', '--evidence-dir', dir], { GITHUB_STEP_SUMMARY: summary });
    expect(r.text).toContain('GO  tenant-scoped-state / pre-rollout');
    expect(r.code).toBe(0);
    expect(r.report?.verdict).toBe('GO');
    expect(r.report?.previous).toBeNull();
    expect(r.report?.provenance.commit).toBe(COMMIT);
    expect(r.report?.provenance.tools.node).toBe(process.version);
    expect(r.report?.provenance.configHash).toBe('none');
    const reportDir = (r.reportPath ?? '').replace(/report\.json$/, '');
    const junit = await readFile(join(reportDir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(stage.criteria.length);
    expect(await readFile(join(reportDir, 'report.md'), 'utf8')).toContain('# 🟢 GO · tenant-scoped-state / pre-rollout');
    expect(await readFile(summary, 'utf8')).toMatch(/^# earlier step\n# 🟢 GO · tenant-scoped-state \/ pre-rollout/);
    preRolloutReport = r.reportPath ?? '';
  });

  it('QA signs the GO report off, attesting its manual items', async () => {
    const out = io();
    expect(await main(['signoff', preRolloutReport, '--by', 'Dana QA', '--note', 'dashboards checked'], out)).toBe(0);
    expect(out.text()).toContain('signed off tenant-scoped-state / pre-rollout');
    const report = JSON.parse(await readFile(preRolloutReport, 'utf8')) as GateReport;
    expect(report.signoffs).toHaveLength(1);
    expect(report.signoffs[0]?.attests).toEqual(report.manual.map((m) => m.id));
    expect(report.summary).toMatch(/^GO: all \d+ criteria passed on sufficient evidence; manual items attested by Dana QA$/);
    expect(await readFile(preRolloutReport.replace('report.json', 'report.html'), 'utf8')).toContain('Signed off by Dana QA');
    expect(await main(['signoff', preRolloutReport, '--by', 'Dana QA'], io())).toBe(3);
  });

  it('the next stage builds on that GO report: its sha256 is recorded', async () => {
    const r = await gate(['--stage', 'pilot', '--evidence-dir', await evidenceDir('pilot-pass', pilotPassing())]);
    expect(r.code).toBe(0);
    const bytes = await readFile(preRolloutReport);
    expect(r.report?.previous).toMatchObject({ stage: 'pre-rollout', verdict: 'GO', commit: COMMIT, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(r.report?.forced).toBe(false);
    expect(r.report?.provenance.seeds).toEqual([424242, 7]);
  });

  it('refuses a stage whose previous stage has no GO report for this commit (exit 3), unless --force, which is recorded', async () => {
    const other = await gate(['--stage', 'pilot', '--evidence-dir', join(root, 'evidence', 'pilot-pass')], { GITHUB_SHA: 'b'.repeat(40) });
    expect(other.code).toBe(3);
    expect(other.text).toContain('ISOGATE_GATE_ORDER: expected a GO report of stage pre-rollout (plan tenant-scoped-state) for commit bbbbbbbb');
    expect(other.text).toContain('GO for commit a368d23a368d');
    const skip = await gate(['--stage', 'gradual-25', '--evidence-dir', join(root, 'evidence', 'pilot-pass')]);
    expect(skip.code).toBe(3);
    expect(skip.text).toContain('expected a GO report of stage early-adopters');
    await expect(readdir(join(root, 'reports', 'gradual-25'))).rejects.toThrow();
    const forced = await gate(['--stage', 'gradual-25', '--force', '--evidence-dir', join(root, 'evidence', 'pilot-pass')]);
    expect(forced.code).toBe(2);
    expect(forced.report?.forced).toBe(true);
    expect(forced.report?.warnings[0]).toContain('forced (--force) past the stage order');
  });

  it('NO-GO on a leak: exit 1, names the criterion and shows the counterexample; sign-off refused (exit 1)', async () => {
    const r = await gate(['--stage', 'pilot', '--evidence-dir', await evidenceDir('pilot-leak', pilotLeaking())]);
    expect(r.code).toBe(1);
    expect(r.text).toContain('✘ pilot.no-leaks: leaks = 3 on leakage/reference, must be == 0');
    const html = await readFile((r.reportPath ?? '').replace('report.json', 'report.html'), 'utf8');
    expect(html).toContain('data-verdict="NO-GO"');
    expect(html).toContain('saw acme&#39;s token'.replace('&#39;', "'"));
    const junit = await readFile((r.reportPath ?? '').replace('report.json', 'junit.xml'), 'utf8');
    expect(junit).toContain('failures="1"');
    const out = io();
    expect(await main(['signoff', r.reportPath ?? '', '--by', 'Dana QA'], out)).toBe(1);
    expect(out.text()).toContain('ISOGATE_SIGNOFF_REFUSED: expected a GO report to sign off, found NO-GO: pilot.no-leaks (fail)');
  });

  it('INCONCLUSIVE when a check is missing or short of samples; sign-off refused (exit 2)', async () => {
    const [leak, , load] = pilotPassing();
    const short = { ...(load as Evidence), metrics: { ...(load as Evidence).metrics, samplesCandidate: 40 } };
    const r = await gate(['--stage', 'pilot', '--evidence-dir', await evidenceDir('pilot-partial', [leak as Evidence, short])]);
    expect(r.code).toBe(2);
    expect(r.text).toContain('? pilot.redis-p95: no evidence from check redis-latency');
    expect(r.text).toContain('samplesCandidate = 40 < 1000 required');
    const junit = await readFile((r.reportPath ?? '').replace('report.json', 'junit.xml'), 'utf8');
    // Every criterion but the leak check's lacks decisive evidence (missing checks, short samples).
    const pilot = PRESETS['tenant-scoped-state'].stages.find((s) => s.id === 'pilot');
    const undecided = (pilot?.criteria ?? []).filter((c) => c.check !== 'leakage').length;
    expect(undecided).toBeGreaterThan(0);
    expect(junit).toContain(`skipped="${undecided}"`);
    expect(await main(['signoff', r.reportPath ?? '', '--by', 'Dana QA'], io())).toBe(2);
  });

  it('never writes a secret from evidence into any report', async () => {
    const [leak, redis, load] = pilotLeaking();
    const secretive = { ...(leak as Evidence), details: { counterexample: 'connect redis://:hunter2@10.0.0.5:6379 failed', error: 'Authorization: Bearer sk-live-123' } };
    const r = await gate(['--stage', 'pilot', '--evidence-dir', await evidenceDir('pilot-secret', [secretive, redis as Evidence, load as Evidence])]);
    const dir = (r.reportPath ?? '').replace('report.json', '');
    for (const f of ['report.json', 'report.md', 'report.html', 'junit.xml']) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(text, f).not.toContain('hunter2');
      expect(text, f).not.toContain('sk-live-123');
    }
    // The report still carries the verdict and the record's details, with the secrets masked rather than dropped.
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as GateReport;
    expect(report.verdict).toBe('NO-GO');
    expect(JSON.stringify(report)).toContain('10.0.0.5:6379');
  });

  it('usage errors exit 3 with the stages named', async () => {
    const r = await gate(['--stage', 'canary']);
    expect(r.code).toBe(3);
    expect(r.text).toContain('expected --stage to be a stage of plan tenant-scoped-state');
    expect((await gate([])).text).toContain('expected --stage <stage>, found none');
    expect((await gate(['--stage', 'pilot', '--plan', 'nope'])).code).toBe(3);
  });
});
