import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';
import { checkKeyspaceMigration, loadScenarioTargets, scenariosConfigSchema } from '../../src/scenarios/index.js';

// The bundled reference service, loaded the way `isogate scenario` loads it.
const { createJobService } = await loadScenarioTargets();

const DEFAULT_RUNS = scenariosConfigSchema.parse({}).keyspaceMigration.runs;
let redis: RunningRedis;
let n = 0;

beforeAll(async () => { redis = await startLocalRedisServer(); });
afterAll(async () => { await redis?.stop(); });

function run(seed: number, faults: string[] = []) {
  return checkKeyspaceMigration({ redisUrl: redis.url, namespace: `isogate:km${n++}`, createJobService, faults, runs: DEFAULT_RUNS, seed });
}

function failureText(outcome: Awaited<ReturnType<typeof run>>): string {
  return `seed ${outcome.seed}: ${outcome.status === 'fail' ? outcome.summary : 'pass'} ${JSON.stringify(outcome.details['counterexample'] ?? null)}`;
}

describe('keyspace-migration check', () => {
  it.each([11, 12, 13])('passes the correct job service under every flag combination and flip (seed %i)', async (seed) => {
    const outcome = await run(seed);
    expect(outcome.status, failureText(outcome)).toBe('pass');
    expect(outcome.metrics.flagCombinations).toBe(8);
    expect(outcome.metrics.runs).toBe(DEFAULT_RUNS + 1);
    expect(outcome.metrics.keysCommands).toBe(0);
  });

  const faults: Array<[string, 'leaks' | 'metricMismatches' | 'backfillMismatches' | 'keysCommands']> = [
    ['fallback-no-workspace-check', 'leaks'],
    ['dual-write-partial', 'metricMismatches'],
    ['backfill-wrong-workspace', 'backfillMismatches'],
    ['list-uses-keys', 'keysCommands'],
  ];
  for (const [fault, metric] of faults) {
    it.each([21, 22])(`catches ${fault} through ${metric} (seed %i)`, async (seed) => {
      const outcome = await run(seed, [fault]);
      expect(outcome.status, failureText(outcome)).toBe('fail');
      expect(outcome.metrics[metric]).toBeGreaterThan(0);
    });
  }

  it('reports dual-write-partial as lost jobs once the fallback is off', async () => {
    const outcome = await run(31, ['dual-write-partial']);
    expect(outcome.metrics.lostJobs).toBeGreaterThan(0);
  });

  it.each([
    ['fallback-no-workspace-check', 41], ['fallback-no-workspace-check', 42],
    ['backfill-wrong-workspace', 43], ['backfill-wrong-workspace', 44],
  ])('finds %s from random flag-flipping histories alone, shrunk to a short replayable story (seed %i)', async (fault, seed) => {
    const outcome = await checkKeyspaceMigration({
      redisUrl: redis.url, namespace: `isogate:km${n++}`, createJobService, faults: [fault], runs: DEFAULT_RUNS, seed, sweep: false,
    });
    const cx = outcome.details['counterexample'] as { operations: unknown[]; replay: string } | undefined;
    expect(outcome.status, failureText(outcome)).toBe('fail');
    expect(cx?.operations.length).toBeLessThanOrEqual(5);
    expect(cx?.replay).toContain(`seed: ${seed}`);
  });
});
