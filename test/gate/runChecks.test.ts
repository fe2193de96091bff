import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/gate/runChecks.js';

let root: string;
let fakeBin: string;

// Stands in for bin/isogate.mjs so each way a check can go wrong is exercised in milliseconds.
const FAKE = `
import { mkdirSync, writeFileSync } from 'node:fs';
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
