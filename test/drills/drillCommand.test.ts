import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIO } from '../../src/cli/index.js';
import { readEvidenceDir } from '../../src/evidence/index.js';

const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

function io(): CommandIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: process.cwd(), env: process.env };
}

describe('isogate drill', () => {
  it('runs a drill, prints its figures and writes its evidence where --evidence-dir says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isogate-drill-cli-'));
    dirs.push(dir);
    // A config of the user's, with small budgets: the drill reads its section.
    await writeFile(join(dir, 'isogate.config.mjs'), 'export default { drills: { cohort: { numRuns: 30, statisticalRuns: 1, samples: 2000 } } };\n');
    const out = io();
    expect(await main(['drill', 'cohort', '--config', join(dir, 'isogate.config.mjs'), '--evidence-dir', join(dir, 'ev'), '--seed', '11'], out)).toBe(0);
    expect(out.lines.join('\n')).toMatch(/drill:cohort\s+PASS .*properties=6 failures=0/);
    const [evidence, ...rest] = await readEvidenceDir(join(dir, 'ev'));
    expect(rest).toEqual([]);
    expect(evidence).toMatchObject({ check: 'drill:cohort', status: 'pass', seed: 11, metrics: { properties: 6, failures: 0 } });
    expect((evidence?.details as { samples: number }).samples).toBe(2000);
  });

  it('refuses an unknown drill with a usage error (exit 3)', async () => {
    const out = io();
    expect(await main(['drill', 'earthquake'], out)).toBe(3);
    expect(out.lines.join('\n')).toContain('expected one drill name or all');
  });
  it('takes the stage\'s candidate: the cohort drill also checks the stage\'s own percentage, and the evidence names the arm', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isogate-drill-cli-'));
    dirs.push(dir);
    await writeFile(join(dir, 'isogate.config.mjs'), 'export default { drills: { cohort: { numRuns: 20, statisticalRuns: 1, samples: 2000, percentages: [50] } } };\n');
    const out = io();
    expect(await main(['drill', 'cohort', '--config', join(dir, 'isogate.config.mjs'), '--evidence-dir', join(dir, 'ev'), '--seed', '11', '--candidate', 'new:cohort=10'], out)).toBe(0);
    const [evidence] = await readEvidenceDir(join(dir, 'ev'));
    expect((evidence?.details as { percentages: number[]; arm: { state: string } })).toMatchObject({ percentages: [10, 50], arm: { state: 'new:cohort=10' } });
  });

  it('drills a 10% hash cohort, which holds none of the four configured tenants, as drawn tenants too (as the load does): the cohort\'s members are rolled back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isogate-drill-cli-'));
    dirs.push(dir);
    await writeFile(join(dir, 'isogate.config.mjs'), "export default { drills: { service: { readyTimeoutMs: 60000 }, rollback: { instances: 1, trafficMs: 300, procedure: 'global-and-overrides-off' } } };\n");
    const out = io();
    const code = await main(['drill', 'rollback', '--config', join(dir, 'isogate.config.mjs'), '--evidence-dir', join(dir, 'ev'), '--seed', '11', '--candidate', 'new:cohort=10'], out);
    const [evidence] = await readEvidenceDir(join(dir, 'ev'));
    const details = evidence?.details as { fleet: { exposedTenants: string[] }; tenantsAfterRollback: Record<string, string[]>; failures: string[] };
    if (code !== 0) console.log(details.failures);
    expect(code).toBe(0);
    // Drawn tenants (cohort1, …) take the service's tokens; the reference hash puts some of them in 10%.
    expect(details.fleet.exposedTenants.length).toBeGreaterThan(0);
    expect(details.fleet.exposedTenants.every((t) => /^cohort\d+$/.test(t))).toBe(true);
    expect(Object.keys(details.tenantsAfterRollback)).toEqual(details.fleet.exposedTenants);
    expect(Object.values(details.tenantsAfterRollback).flat().every((p) => p === 'fallback')).toBe(true);
    expect(evidence?.metrics).toMatchObject({ tenantsOnNewPath: 0, unhandledErrors: 0 });
  });

  it('refuses a candidate of the previous build, which has no flag to drill (exit 3)', async () => {
    const out = io();
    expect(await main(['drill', 'rollback', '--candidate', 'previous:off'], out)).toBe(3);
    expect(out.lines.join('\n')).toContain('expected a candidate of the new build');
  });
});
