import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CommandIO } from '../../src/cli/index.js';
import { readEvidenceDir } from '../../src/evidence/index.js';
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
});
afterAll(async () => {
  await Promise.all(Object.values(services ?? {}).map((s) => s.stop()));
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A config with two reference services (child processes, so the driver measures them and not
 * itself). The self-check limits are loosened: this test is about detection, on a machine
 * other test runs load heavily; the self-checks have their own tests.
 */
function writeConfig(name: string, baseline: unknown, candidate: unknown, extra = ''): string {
  const file = join(dir, `${name}.config.ts`);
  writeFileSync(file, `export default { load: {
    baseline: ${JSON.stringify(baseline)}, candidate: ${JSON.stringify(candidate)},
    rounds: 2, roundSeconds: 2, warmupSeconds: 0.5,
    pacing: { rps: 100, connectionsPerArm: 4 },
    stats: { minSamples: 250, minTail: 10, resamples: 400 },
    criteria: { p50: { maxIncrease: 0.1, floorMs: 0.1 }, p95: { maxIncrease: 0.1, floorMs: 0.25 } },
    selfCheck: { maxLoopDelayMs: 1000, minAchievedFraction: 0.3, maxDriverCpu: 1.5 },
    ${extra}
  } };\n`);
  return file;
}

function io(): CommandIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: dir, env: { ...process.env, REDIS_URL: redis.url } };
}

describe('isogate load', () => {
  it('does not fail an A/A run, and writes evidence with intervals and an SVG of both distributions', async () => {
    const out = io();
    const evidence = join(dir, 'aa');
    const code = await main(['load', '--config', writeConfig('aa', { url: services.base.url }, { url: services.twin.url }), '--checks', 'load', '--evidence-dir', evidence, '--seed', '11'], out);
    expect(code, out.lines.join('\n')).not.toBe(1);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.check).toBe('load');
    expect(record?.status).not.toBe('fail');
    for (const m of ['p50Ratio', 'p95Ratio', 'p99Ratio', 'errorRateDelta']) {
      expect(record?.metrics[`${m}.lo`]).toBeLessThanOrEqual(record?.metrics[m] ?? Number.NaN);
      expect(record?.metrics[`${m}.hi`]).toBeGreaterThanOrEqual(record?.metrics[m] ?? Number.NaN);
    }
    expect(record?.metrics['minDetectableEffectP95']).toBeGreaterThan(0);
    const svg = record?.artifacts[0] ?? '';
    expect(existsSync(svg)).toBe(true);
  });

  it('detects a large slow-path regression (slow-path=5ms) as a fail', async () => {
    const out = io();
    const evidence = join(dir, 'slow');
    const code = await main(['load', '--config', writeConfig('slow', { url: services.base.url }, { url: services.slow.url }), '--checks', 'load', '--evidence-dir', evidence, '--seed', '12'], out);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.status, out.lines.join('\n')).toBe('fail');
    expect(code).toBe(1);
    expect(record?.metrics['p50Ratio.lo']).toBeGreaterThan(record?.metrics['p50Limit'] ?? Number.POSITIVE_INFINITY);
  });

  it('measures a noisy neighbour: one tenant flooding from another process while another is timed', async () => {
    const out = io();
    const evidence = join(dir, 'noisy');
    const code = await main(['load', '--config', writeConfig('noisy', { url: services.base.url }, { url: services.twin.url }, 'noisyNeighbour: { seconds: 4, quietRps: 100, floodConnections: 4 },'),
      '--checks', 'noisy-neighbour', '--evidence-dir', evidence, '--seed', '13'], out);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.check, out.lines.join('\n')).toBe('noisy-neighbour');
    expect([0, 1, 2]).toContain(code);
    expect(record?.metrics['floodRps']).toBeGreaterThan(0);
    // The flood slows the timed tenant (one Node process serves both), so fewer paced requests complete.
    expect(record?.metrics['samples']).toBeGreaterThan(20);
    expect(record?.metrics['noisyP95Ms']).toBeGreaterThan(0);
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
    expect([0, 2], out.lines.join('\n')).toContain(code);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.metrics['samplesBaseline']).toBeGreaterThan(50);
    expect(record?.metrics['samplesCandidate']).toBeGreaterThan(50);
    const arms = (record?.details as { arms: Record<'baseline' | 'candidate', { kind: string; url: string }> }).arms;
    expect([arms.baseline.kind, arms.candidate.kind]).toEqual(['command', 'module']);
    // Both are gone once the command returns.
    await expect(fetch(`${arms.baseline.url}/health`)).rejects.toThrow();
    await expect(fetch(`${arms.candidate.url}/health`)).rejects.toThrow();
  });

  it('refuses bad usage and a config without arms, with exit 3', async () => {
    const out = io();
    expect(await main(['load', '--mode', 'sideways'], out)).toBe(3);
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
