import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main, type CommandIO } from '../../src/cli/index.js';
import { readEvidenceDir, type Evidence } from '../../src/evidence/index.js';
import { startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';
import { startReferenceArm } from '../../fixtures/reference-service/index.js';

let redis: RunningRedis;
let dir: string;
/** Reference services in their own processes (the driver measures them, not itself), started once for all tests. */
let services: { base: Service; twin: Service; slow: Service };
type Service = Awaited<ReturnType<typeof startReferenceArm>>;

beforeAll(async () => {
  redis = await startLocalRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'isogate-load-'));
  const start = (name: string, faults?: string): Promise<Service> => startReferenceArm({ redisUrl: redis.url, namespace: `isogate:loadtest:${name}`, faults });
  const [base, twin, slow] = await Promise.all([start('base'), start('twin'), start('slow', 'slow-path=5ms')]);
  services = { base: base!, twin: twin!, slow: slow! };
}, 180_000); // hang guard: three services compiled and started at once take seconds, far longer on a busy machine
afterAll(async () => {
  await Promise.all(Object.values(services ?? {}).map((s) => s.stop()));
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A config with two reference services (child processes, so the driver measures them and not
 * itself). The self-check limits are loosened: this test is about detection, on a machine
 * other test runs load heavily; the self-checks have their own tests. The sample minimums are
 * below what a run the self-checks accept (30% of the asked rate) collects, so a slow machine
 * still gets a verdict rather than "too few samples".
 */
function writeConfig(name: string, baseline: unknown, candidate: unknown, extra = ''): string {
  const file = join(dir, `${name}.config.ts`);
  writeFileSync(file, `export default { load: {
    baseline: ${JSON.stringify(baseline)}, candidate: ${JSON.stringify(candidate)},
    rounds: 2, roundSeconds: 2, warmupSeconds: 0.5,
    pacing: { rps: 100, connectionsPerArm: 4 },
    stats: { minSamples: 100, minTail: 5, minBlocks: 8, resamples: 400 },
    criteria: { p50: { maxIncrease: 0.1, floorMs: 0.1 }, p95: { maxIncrease: 0.1, floorMs: 0.25 } },
    selfCheck: { maxLoopDelayMs: 1000, minAchievedFraction: 0.3, maxDriverCpu: 1.5 },
    ${extra}
  } };\n`);
  return file;
}

/** The exit code a single record's status maps to (the command's own rule). */
const exitOf = (status: Evidence['status'] | undefined): number => (status === 'pass' ? EXIT.ok : status === 'fail' ? EXIT.fail : status === 'inconclusive' ? EXIT.inconclusive : EXIT.internal);

/**
 * A live A/A verdict is chance, so what is asserted is that the verdict follows from the record:
 * each judged criterion's status from its interval and limit, the overall status from those and
 * the self-check problems (analyseLoad's rule).
 */
function expectVerdictFollowsFromRecord(record: Evidence): void {
  const details = record.details as { criteria: Array<{ name: string; status: Evidence['status'] }>; problems: string[] };
  const judged = details.criteria.filter((c) => c.name !== 'P99');
  for (const c of judged.filter((j) => j.name === 'P50' || j.name === 'P95')) {
    const ratio = (suffix: string): number => record.metrics[`p${c.name.slice(1)}Ratio${suffix}`] ?? Number.NaN;
    const limit = record.metrics[`p${c.name.slice(1)}Limit`] ?? Number.NaN;
    if (c.status === 'pass') expect(ratio('.hi'), c.name).toBeLessThanOrEqual(limit);
    if (c.status === 'fail') expect(ratio('.lo'), c.name).toBeGreaterThan(limit);
  }
  const statuses = judged.map((c) => c.status);
  const expected = details.problems.length > 0 ? 'inconclusive' : statuses.includes('fail') ? 'fail' : statuses.includes('inconclusive') ? 'inconclusive' : 'pass';
  expect(record.status).toBe(expected);
}

function io(): CommandIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: dir, env: { ...process.env, REDIS_URL: redis.url } };
}

describe('isogate load', () => {
  it('judges an A/A run by its own intervals, and writes evidence with intervals and an SVG of both distributions', async () => {
    const out = io();
    const evidence = join(dir, 'aa');
    const code = await main(['load', '--config', writeConfig('aa', { url: services.base.url }, { url: services.twin.url }), '--checks', 'load', '--evidence-dir', evidence, '--seed', '11'], out);
    const [record, ...others] = await readEvidenceDir(evidence);
    expect(others).toEqual([]);
    expect(record?.check, out.lines.join('\n')).toBe('load');
    expect(['pass', 'fail', 'inconclusive']).toContain(record?.status);
    expect(code).toBe(exitOf(record?.status));
    expectVerdictFollowsFromRecord(record as Evidence);
    for (const m of ['p50Ratio', 'p95Ratio', 'p99Ratio', 'errorRateDelta']) {
      expect(record?.metrics[`${m}.lo`]).toBeLessThanOrEqual(record?.metrics[m] ?? Number.NaN);
      expect(record?.metrics[`${m}.hi`]).toBeGreaterThanOrEqual(record?.metrics[m] ?? Number.NaN);
    }
    expect(record?.metrics['minDetectableEffectP95']).toBeGreaterThan(0);
    const svg = record?.artifacts[0] ?? '';
    expect(existsSync(svg)).toBe(true);
  });

  it('detects a large slow-path regression (slow-path=5ms) as a fail, unless its self-checks find the machine saturated', async () => {
    const out = io();
    const evidence = join(dir, 'slow');
    // The default self-checks, not the loosened ones: they are what tells a measurable run from a saturated machine's.
    const config = writeConfig('slow', { url: services.base.url }, { url: services.slow.url }, 'selfCheck: {},');
    const code = await main(['load', '--config', config, '--checks', 'load', '--evidence-dir', evidence, '--seed', '12'], out);
    const [record] = await readEvidenceDir(evidence);
    // not timing: the fault holds every candidate request at least 5 ms (a timer, then a spin to its deadline)
    expect(record?.metrics['p50MsCandidate']).toBeGreaterThanOrEqual(5);
    expectVerdictFollowsFromRecord(record as Evidence);
    // A run its self-checks call untrustworthy (a saturated machine) is inconclusive by design; any other must fail.
    const problems = (record?.details as { problems: string[] }).problems;
    expect(record?.status, out.lines.join('\n')).toBe(problems.length > 0 ? 'inconclusive' : 'fail');
    expect(code).toBe(exitOf(record?.status));
    if (problems.length === 0) expect(record?.metrics['p50Ratio.lo']).toBeGreaterThan(record?.metrics['p50Limit'] ?? Number.POSITIVE_INFINITY);
  });

  it('measures a noisy neighbour: one tenant flooding from another process while another is timed', async () => {
    const out = io();
    const evidence = join(dir, 'noisy');
    const code = await main(['load', '--config', writeConfig('noisy', { url: services.base.url }, { url: services.twin.url }, 'noisyNeighbour: { seconds: 4, quietRps: 100, floodConnections: 4 },'),
      '--checks', 'noisy-neighbour', '--evidence-dir', evidence, '--seed', '13'], out);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.check, out.lines.join('\n')).toBe('noisy-neighbour');
    expect(['pass', 'fail', 'inconclusive']).toContain(record?.status);
    expect(code).toBe(exitOf(record?.status));
    // The verdict follows from the noisy/quiet P95 interval and its limit.
    if (record?.status === 'pass') expect(record.metrics['p95Ratio.hi']).toBeLessThanOrEqual(record.metrics['p95Limit'] ?? Number.NaN);
    if (record?.status === 'fail') expect(record.metrics['p95Ratio.lo']).toBeGreaterThan(record.metrics['p95Limit'] ?? Number.NaN);
    expect(record?.metrics['floodRps']).toBeGreaterThan(0);
    // The flood slows the timed tenant (one Node process serves both), so how many paced requests complete depends on the machine.
    expect(record?.metrics['samples']).toBeGreaterThan(0);
    expect(record?.metrics['noisyP95Ms']).toBeGreaterThan(0);
    expect(record?.metrics['quietP95Ms']).toBeGreaterThan(0);
  });

  it('starts and stops command and module arms itself', async () => {
    const out = io();
    const evidence = join(dir, 'arms');
    const tsx = join(import.meta.dirname, '../../node_modules/tsx/dist/esm/index.mjs');
    const main_ = join(import.meta.dirname, '../../fixtures/loopback-kv/loopbackKvMain.ts');
    const mod = join(import.meta.dirname, '../../fixtures/loopback-kv/index.ts');
    const file = writeConfig('arms', { command: [process.execPath, '--import', tsx, main_, '{port}'] }, { module: mod, export: 'startLoopbackKvService' },
      'rounds: 1, roundSeconds: 1, warmupSeconds: 0.2,');
    const code = await main(['load', '--config', file, '--checks', 'load', '--evidence-dir', evidence], out);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.check, out.lines.join('\n')).toBe('load');
    expect(code).toBe(exitOf(record?.status));
    expectVerdictFollowsFromRecord(record as Evidence);
    expect(record?.metrics['samplesBaseline']).toBeGreaterThan(0);
    expect(record?.metrics['samplesCandidate']).toBeGreaterThan(0);
    const arms = (record?.details as { arms: Record<'baseline' | 'candidate', { kind: string; url: string }> }).arms;
    expect([arms.baseline.kind, arms.candidate.kind]).toEqual(['command', 'module']);
    // Both are gone once the command returns.
    await expect(fetch(`${arms.baseline.url}/health`)).rejects.toThrow();
    await expect(fetch(`${arms.candidate.url}/health`)).rejects.toThrow();
  });

  it('refuses bad usage and a config without arms, with exit 3', async () => {
    const out = io();
    expect(await main(['load', '--mode', 'sideways'], out)).toBe(3);
    expect(await main(['load', '--error-increase', '5%'], out)).toBe(3);
    expect(out.lines.join('\n')).toContain('expected --error-increase to be an absolute rate in [0, 1) like 0.001');
    const bare = join(dir, 'bare.config.ts');
    writeFileSync(bare, 'export default { load: {} };\n');
    expect(await main(['load', '--config', bare, '--checks', 'load'], out)).toBe(3);
    expect(out.lines.join('\n')).toMatch(/expected load.baseline and load.candidate/);
    const far = join(dir, 'far.config.ts');
    writeFileSync(far, "export default { load: { baseline: { url: 'http://10.1.2.3:80' }, candidate: { url: 'http://127.0.0.1:9' } } };\n");
    expect(await main(['load', '--config', far, '--checks', 'load'], out)).toBe(3);
    expect(out.lines.join('\n')).toMatch(/on this machine/);
  });
});

describe('isogate load for a hash-cohort stage', () => {
  const service = { module: join(import.meta.dirname, '../../fixtures/reference-service/index.ts'), export: 'startReferenceArm' };
  function cohortConfig(name: string, tenants: string): string {
    const file = join(dir, `${name}.config.ts`);
    writeFileSync(file, `export default { load: {
      service: ${JSON.stringify(service)}, ${tenants}
      rounds: 1, roundSeconds: 1.5, warmupSeconds: 0.2, pacing: { rps: 100, connectionsPerArm: 2 }, mix: { keysPerTenant: 5 },
      stats: { minSamples: 50, minTail: 5, minBlocks: 4, resamples: 200 },
      selfCheck: { maxLoopDelayMs: 1000, minAchievedFraction: 0.3, maxDriverCpu: 1.5 },
    } };\n`);
    return file;
  }
  const run = async (name: string, tenants = ''): Promise<{ record: Evidence | undefined; code: number; out: string }> => {
    const out = io();
    const evidence = join(dir, name);
    const code = await main(['load', '--config', cohortConfig(name, tenants), '--checks', 'load', '--candidate', 'new:cohort=10', '--baseline', 'new:off',
      '--evidence-dir', evidence, '--seed', '21'], out);
    const [record] = await readEvidenceDir(evidence);
    return { record, code, out: out.lines.join('\n') };
  };
  type Exposure = { tenants: number; drawnTenants: number; exposedTenants: string[] | null; weightedShare: number | null; newPathRequests: number | null };

  it('draws enough tenants that the 10% cohort holds some, measures only its exposed tenants, and counts the new path', async () => {
    const { record, code, out } = await run('cohort10');
    expect(record?.check, out).toBe('load');
    expect(code).toBe(exitOf(record?.status));
    const exposure = (record?.details as { exposure: Exposure }).exposure;
    // Four demo tenants at 10% would hold nobody; 50 are expected to hold 5.
    expect(exposure.tenants).toBeGreaterThanOrEqual(50);
    expect(exposure.exposedTenants?.length).toBeGreaterThan(0);
    expect(exposure.exposedTenants?.length).toBeLessThan(exposure.tenants);
    // Every measured request comes from the exposed group (the canary's isolation group).
    expect(exposure.weightedShare).toBe(1);
    // The candidate's own counter: its cohort's requests really ran on the Redis path.
    expect(exposure.newPathRequests).toBeGreaterThan(0);
    expect(record?.metrics['newPathRequests']).toBe(exposure.newPathRequests);
    expect((record?.details as { problems: string[] }).problems.join(' ')).not.toMatch(/flag-off path/);
  });

  it('is INCONCLUSIVE, never GO, when the cohort turns on none of the load tenants (own credentials: none can be drawn)', async () => {
    const own = `tenants: ${JSON.stringify(['acme', 'globex', 'initech', 'umbrella'].map((id) => ({ id, headers: { authorization: `Bearer tok-${id}` } })))},`;
    const { record, code, out } = await run('cohort10-none', own);
    expect(record?.status, out).toBe('inconclusive');
    expect(code).toBe(EXIT.inconclusive);
    expect((record?.details as { exposure: Exposure }).exposure).toMatchObject({ tenants: 4, drawnTenants: 0, exposedTenants: [] });
    expect((record?.details as { problems: string[] }).problems.join(' ')).toMatch(/turned the flag on for none of the 4 load tenants/);
  });
});
