import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckId } from '../../src/evidence/index.js';
import { runChecks } from '../../src/gate/runChecks.js';

let root: string;
let fakeBin: string;

// Stands in for bin/isogate.mjs so each way a check can go wrong is exercised in milliseconds.
const FAKE = `
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const args = process.argv.slice(2);
const dir = args[args.indexOf('--evidence-dir') + 1];
const record = (check, status, metrics) => writeFileSync(join(dir, check.replace(/[^A-Za-z0-9._-]+/g, '_') + '--t.json'), JSON.stringify({ check, target: 't', status, metrics, details: {}, seed: 5, startedAt: new Date().toISOString(), durationMs: 1, artifacts: [] }));
mkdirSync(dir, { recursive: true });
switch (args[0]) {
  case 'missing': console.error('ISOGATE_USAGE: expected a command, found "missing"'); process.exit(3);
  case 'crash': record('leakage', 'pass', { leaks: 0 }); console.error('ISOGATE_INTERNAL: boom'); process.exit(4);
  case 'silent': process.exit(0);
  case 'leak': record('leakage', 'fail', { leaks: 2 }); console.log('found a leak'); process.exit(1);
  case 'hang': setTimeout(() => {}, 60000); break;
  // side NAME SIBLINGS CHECK: logs its start, ends once SIBLINGS other runs have started (or after
  // 10 s, a hang guard: runs made one after another never see a sibling start), logs its end.
  case 'side': {
    const [, name, siblings, check] = args;
    const log = join(dir, '..', '..', 'order.log');
    appendFileSync(log, 'start ' + name + '\\n');
    const until = Date.now() + 10000;
    const others = () => readFileSync(log, 'utf8').split('\\n').filter((l) => l.startsWith('start ') && l !== 'start ' + name).length;
    const poll = () => {
      if (others() < Number(siblings) && Date.now() < until) return setTimeout(poll, 20);
      appendFileSync(log, 'end ' + name + '\\n');
      record(check, 'pass', {});
    };
    poll();
    break;
  }
}
`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'isogate-runchecks-'));
  fakeBin = join(root, 'fake-isogate.mjs');
  await writeFile(fakeBin, FAKE);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runChecks: checks no neighbour can help to pass go side by side; the others run alone', () => {
  it('runs the leakage, audit and rollback checks at once, then the load and the failover drill each alone, and reports in the stage\'s order', async () => {
    const reportDir = join(root, 'side');
    const run = (id: string, check: string, siblings: number): { id: string; argv: string[]; produces: CheckId[] } =>
      ({ id, argv: ['side', id, String(siblings), check], produces: [check as CheckId] });
    const ran = await runChecks({
      runs: [run('leak', 'leakage', 2), run('load', 'load', 0), run('audit', 'audit', 2), run('rollback', 'drill:rollback', 2), run('failover', 'drill:failover', 0)],
      reportDir, cwd: root, env: process.env, progress: () => undefined, bin: fakeBin, timeoutSeconds: 50,
    });
    const order = (await readFile(join(reportDir, 'order.log'), 'utf8')).trim().split('\n');
    // Each of the three ended only after both others had started: they ran at once.
    expect(order.slice(0, 3).sort()).toEqual(['start audit', 'start leak', 'start rollback']);
    expect(order.slice(3, 6).sort()).toEqual(['end audit', 'end leak', 'end rollback']);
    // A latency comparison and a timed recovery: each alone after them, in the stage's order.
    expect(order.slice(6)).toEqual(['start load', 'end load', 'start failover', 'end failover']);
    expect(ran.records.map((r) => r.id)).toEqual(['leak', 'load', 'audit', 'rollback', 'failover']);
    expect(ran.evidence.map((e) => [e.evidence.check, e.evidence.status])).toEqual([
      ['leakage', 'pass'], ['load', 'pass'], ['audit', 'pass'], ['drill:rollback', 'pass'], ['drill:failover', 'pass'],
    ]);
  });
});

describe('runChecks: a check that did not run properly is errored evidence, never a pass', () => {
  it('classifies each run and keeps only what a run that exited 0-2 wrote', async () => {
    const progress: string[] = [];
    const common = { reportDir: join(root, 'report'), cwd: root, env: process.env, progress: (l: string) => progress.push(l), bin: fakeBin };
    // The runs that end on their own get a budget only a hang exhausts (a busy machine may take
    // seconds to start node); the one that never ends gets a short one, which it always exhausts.
    const ending = await runChecks({
      runs: [
        { id: 'missing', argv: ['missing'], produces: ['audit'] },
        { id: 'crash', argv: ['crash'], produces: ['leakage'] },
        { id: 'silent', argv: ['silent'], produces: ['drill:rollback'] },
        { id: 'leak', argv: ['leak'], produces: ['leakage'] },
      ],
      ...common, timeoutSeconds: 50, // hang guard: each fake run ends by itself in well under a second on a quiet machine
    });
    const hanging = await runChecks({ runs: [{ id: 'hang', argv: ['hang'], produces: ['load'] }], ...common, timeoutSeconds: 2 });
    const records = [...ending.records, ...hanging.records];
    const evidence = [...ending.evidence, ...hanging.evidence];
    expect(records.map((r) => [r.id, r.outcome, r.exitCode])).toEqual([
      ['missing', 'missing-command', 3], ['crash', 'crashed', 4], ['silent', 'ran', 0], ['leak', 'ran', 1], ['hang', 'timeout', null],
    ]);
    const summary = evidence.map((c) => [c.evidence.check, c.evidence.status, c.path === undefined ? 'gate' : 'file']);
    expect(summary).toEqual([
      ['audit', 'error', 'gate'], ['leakage', 'error', 'gate'], ['drill:rollback', 'error', 'gate'], ['leakage', 'fail', 'file'], ['load', 'error', 'gate'],
    ]);
    const reason = (i: number): unknown => (evidence[i]?.evidence.details as { reason?: unknown }).reason;
    expect(reason(0)).toBe('no evidence: `isogate missing` is not a command of this isogate yet (exit 3)');
    expect(reason(1)).toBe('no evidence: `isogate crash` isogate itself failed (exit 4); stderr: ISOGATE_INTERNAL: boom');
    expect(reason(2)).toBe('no evidence: `isogate silent` exited 0 but wrote no evidence for drill:rollback; stderr: (empty)');
    expect(progress.filter((l) => l.startsWith('▶'))).toHaveLength(5);
    expect(progress.find((l) => l.startsWith('✘ leak'))).toMatch(/^✘ leak: exit 1 after [\d.]+ s: leakage\/t fail$/);
    expect(progress.find((l) => l.startsWith('! silent'))).toMatch(/: drill:rollback no evidence$/);
    expect(progress.find((l) => l.startsWith('! missing'))).toMatch(/\(missing-command: this isogate has no such command yet\): no evidence$/);
    expect(await readFile(join(root, 'report', 'logs', 'leak.log'), 'utf8')).toContain('found a leak');
  });
});
