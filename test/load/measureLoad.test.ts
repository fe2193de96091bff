import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackKvService, type LoopbackKvService } from '../../fixtures/loopback-kv/index.js';
import { loadConfigSchema } from '../../src/load/LoadConfig.js';
import { measureLoad } from '../../src/load/measureLoad.js';

let a: LoopbackKvService;
let b: LoopbackKvService;
beforeAll(async () => { a = await startLoopbackKvService(); b = await startLoopbackKvService(); });
afterAll(async () => { await a.close(); await b.close(); });

describe('measureLoad', () => {
  it('runs sequential ABBA rounds one arm at a time, alternating the order, and records the placement', async () => {
    const config = loadConfigSchema.parse({ mode: 'abba', rounds: 2, roundSeconds: 2, warmupSeconds: 0.2, probeSeconds: 0.5, pacing: { connectionsPerArm: 1 } });
    const m = await measureLoad({ config, baselineUrl: a.url, candidateUrl: b.url, seed: 3 });
    expect(m.rounds.map((r) => r.arms.join('+'))).toEqual(['baseline', 'candidate', 'candidate', 'baseline']);
    // Every response of a round lands in its arm: how many there are depends on the machine, not on the code.
    const responses = (arm: 'baseline' | 'candidate'): number => m.rounds.filter((r) => r.arms[0] === arm)
      .reduce((n, r) => n + Object.values(r.statuses[0] ?? {}).reduce((a, b) => a + b, 0), 0);
    expect(m.baseline.latencyUs.length).toBeGreaterThan(0);
    expect(m.candidate.latencyUs.length).toBeGreaterThan(0);
    expect(m.baseline.latencyUs.length).toBe(responses('baseline'));
    expect(m.candidate.latencyUs.length).toBe(responses('candidate'));
    // Blocks of different slots never share an id: ABBA arms were not measured at the same time.
    const shared = new Set(m.baseline.block.filter((x) => new Set(m.candidate.block).has(x)));
    expect(shared.size).toBe(0);
    expect(m.placement).toMatchObject({ mode: 'abba', connectionsPerArm: 1, rounds: 2 });
    expect(m.placement.probeRpsPerArm).toBeGreaterThan(0);
    // The asked rate is the utilisation share of what the probe found, capped at pacing.maxRps (a fast machine hits the cap).
    expect(m.placement.askedRpsPerArm).toBeCloseTo(Math.min(config.pacing.maxRps, config.pacing.utilisation * (m.placement.probeRpsPerArm ?? 0)), 5);
    expect(m.rounds.every((r) => r.askedRpsPerArm === m.placement.askedRpsPerArm)).toBe(true);
  });

  it('in duet mode measures both arms in the same time blocks', async () => {
    const config = loadConfigSchema.parse({ rounds: 1, roundSeconds: 1, warmupSeconds: 0, pacing: { rps: 100, connectionsPerArm: 1 } });
    const m = await measureLoad({ config, baselineUrl: a.url, candidateUrl: b.url, seed: 4 });
    expect(m.rounds).toHaveLength(1);
    expect(m.rounds[0]?.arms).toEqual(['baseline', 'candidate']);
    const candidateBlocks = new Set(m.candidate.block);
    expect(new Set(m.baseline.block.filter((x) => candidateBlocks.has(x))).size).toBeGreaterThan(0);
    // One slot, one clock: both arms' block ids are that round's time blocks (ABBA puts each slot in its own range).
    const blocksInRound = Math.ceil((m.rounds[0]?.wallMs ?? 0) / config.stats.blockMs);
    for (const b of [...m.baseline.block, ...m.candidate.block]) expect(b).toBeLessThanOrEqual(blocksInRound);
  });
});

describe('measureLoad sized by an error-rate limit', () => {
  it('makes up what the measured rounds leave short of a limit\'s need with count-only rounds that keep no latency, and says so', async () => {
    const config = loadConfigSchema.parse({ rounds: 1, roundSeconds: 0.5, warmupSeconds: 0, pacing: { rps: 100, connectionsPerArm: 1 } });
    const lines: string[] = [];
    // 100 req/s for 0.5 s is about 50 requests a round: 120 requests per arm need count-only rounds after the measured one.
    const m = await measureLoad({ config, baselineUrl: a.url, candidateUrl: b.url, seed: 6, minRequestsPerArm: 120, progress: (l) => lines.push(l) });
    const measured = m.rounds.filter((r) => r.countOnly !== true);
    const counted = m.rounds.filter((r) => r.countOnly === true);
    expect(measured).toHaveLength(1);
    expect(counted.length).toBeGreaterThan(0);
    expect(m.placement).toMatchObject({ rounds: 1, countOnlyRounds: counted.length, countRpsPerArm: 100 });
    expect(lines.join('\n')).toContain('count-only round 1');
    // Latencies come from the measured round only; every answer, counted ones included, is in the arm's statuses.
    const answers = (r: (typeof m.rounds)[number], i: number): number => Object.values(r.statuses[i] ?? {}).reduce((x, y) => x + y, 0);
    expect(m.baseline.latencyUs.length).toBe(answers(measured[0] as (typeof m.rounds)[number], 0));
    const attempts = (arm: typeof m.baseline): number => Object.values(arm.statuses).reduce((x, y) => x + y, 0) + arm.socketErrors;
    expect(attempts(m.baseline)).toBeGreaterThanOrEqual(120);
    expect(attempts(m.candidate)).toBeGreaterThanOrEqual(120);
    const fewer = await measureLoad({ config, baselineUrl: a.url, candidateUrl: b.url, seed: 7, minRequestsPerArm: 10 });
    expect(fewer.rounds).toHaveLength(1);
    expect(fewer.placement.countOnlyRounds).toBe(0);
  });
});

describe('measureLoad with a wrong request mix', () => {
  it('says so when the baseline answers mostly 4xx (here: credentials it does not accept)', async () => {
    const config = loadConfigSchema.parse({ rounds: 1, roundSeconds: 1, warmupSeconds: 0, tenants: [{ id: 'acme', headers: { authorization: 'Basic nope' } }],
      pacing: { rps: 50, connectionsPerArm: 1 } });
    const m = await measureLoad({ config, baselineUrl: a.url, candidateUrl: b.url, seed: 5 });
    expect(m.problems.join('\n')).toMatch(/baseline answered 4xx to 100\.0% of requests/);
  });
});
