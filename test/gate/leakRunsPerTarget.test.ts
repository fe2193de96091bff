import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateConfigSchema, leakRunsPerTarget, RUNS, runGate, type StagePlan } from '../../src/gate/index.js';

let root: string;
let fakeBin: string;

// Stands in for bin/isogate.mjs: `leak --target T` logs its start, waits until another leak run
// has started (or 10 s, a hang guard: runs made one after another never see a sibling start),
// then writes a clean leakage record for T and logs its end.
const FAKE = `
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const args = process.argv.slice(2);
const dir = args[args.indexOf('--evidence-dir') + 1];
const target = args.includes('--target') ? args[args.indexOf('--target') + 1] : 'all';
mkdirSync(dir, { recursive: true });
const log = join(process.env.ORDER_LOG);
appendFileSync(log, 'start ' + target + '\\n');
const until = Date.now() + 10000;
const others = () => readFileSync(log, 'utf8').split('\\n').filter((l) => l.startsWith('start ') && l !== 'start ' + target).length;
const poll = () => {
  if (others() < 1 && Date.now() < until) return setTimeout(poll, 20);
  appendFileSync(log, 'end ' + target + '\\n');
  writeFileSync(join(dir, 'leakage--' + target + '.json'), JSON.stringify({ check: 'leakage', target, status: 'pass',
    metrics: { leaks: 0, isolationScore: 100, crossTenantObservations: 500 }, details: {}, seed: 1, startedAt: new Date().toISOString(), durationMs: 1, artifacts: [] }));
};
poll();
`;

const plan: StagePlan = {
  id: 'p', title: 'one leak stage', document: 'test',
  stages: [{
    id: 's', title: 'leak only', summary: 'leakage', source: { document: 'test', section: 'test' }, manual: [], runs: [RUNS.leak],
    criteria: [{ id: 's.no-leaks', check: 'leakage', metric: 'leaks', op: '==', value: 0, text: 'no leak', source: { document: 'test', section: 'test' },
      minSamples: { metric: 'crossTenantObservations', value: 300 } }],
  }],
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'isogate-leakruns-'));
  fakeBin = join(root, 'fake-isogate.mjs');
  await writeFile(fakeBin, FAKE);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('leakRunsPerTarget: a stage searches each configured target in its own run, side by side', () => {
  it('splits the leak run into one `leak --target T` per target and leaves every other run alone', () => {
    const runs = leakRunsPerTarget([RUNS.leak, RUNS.audit], ['reference', 'reference-http']);
    expect(runs.map((r) => [r.id, r.argv.join(' ')])).toEqual([
      ['leak-reference', 'leak --target reference'], ['leak-reference-http', 'leak --target reference-http'], ['audit', 'audit'],
    ]);
    expect(runs.every((r) => r.produces.length === 1)).toBe(true);
  });

  it('keeps a leak run\'s own options and leaves one that names its target alone', () => {
    const custom = { id: 'leak', argv: ['leak', '--runs', '50'], produces: ['leakage' as const] };
    expect(leakRunsPerTarget([custom], ['a', 'b']).map((r) => r.argv.join(' '))).toEqual(['leak --runs 50 --target a', 'leak --runs 50 --target b']);
    const named = { id: 'leak', argv: ['leak', '--target', 'a'], produces: ['leakage' as const] };
    expect(leakRunsPerTarget([named], ['a', 'b'])).toEqual([named]);
  });

  it('keeps one run when the config has one target or none (nothing to gain, and the id stays `leak`)', () => {
    expect(leakRunsPerTarget([RUNS.leak], ['only'])).toEqual([RUNS.leak]);
    expect(leakRunsPerTarget([RUNS.leak], [])).toEqual([RUNS.leak]);
  });

  it('runs the targets at once and judges the stage on both records', async () => {
    const orderLog = join(root, 'order.log');
    const result = await runGate({
      plan, stageId: 's', gate: gateConfigSchema.parse({}), cwd: root, env: { ...process.env, GITHUB_SHA: 'e'.repeat(40), ORDER_LOG: orderLog },
      reportsDir: join(root, 'reports'), config: { path: null, hash: 'none' }, force: true, progress: () => undefined, bin: fakeBin,
      leakTargets: ['mod', 'web'],
    });
    expect(result.report.runs.map((r) => r.id)).toEqual(['leak-mod', 'leak-web']);
    expect(result.report.runs.map((r) => r.command)).toEqual([expect.stringContaining('leak --target mod'), expect.stringContaining('leak --target web')]);
    const order = (await readFile(orderLog, 'utf8')).trim().split('\n');
    // Both started before either ended: neither waited for the other.
    expect(order.slice(0, 2).every((l) => l.startsWith('start '))).toBe(true);
    expect(result.report.verdict).toBe('GO');
    expect(result.report.evidence.map((e) => e.target).sort()).toEqual(['mod', 'web']);
  }, 60_000);
});
