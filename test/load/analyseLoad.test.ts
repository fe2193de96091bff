import { describe, expect, it } from 'vitest';
import { analyseLoad } from '../../src/load/analyseLoad.js';
import { emptyArmSamples, type ArmSamples } from '../../src/load/ArmSamples.js';
import { loadConfigSchema } from '../../src/load/LoadConfig.js';
import { seededRandom } from '../../src/random/index.js';

function arm(seed: number, n: number, scale: number, errors = 0): ArmSamples {
  const random = seededRandom(seed);
  const a = emptyArmSamples();
  for (let i = 0; i < n; i++) {
    a.latencyUs.push(scale * 500 * (1 - Math.log(1 - random())));
    a.atMs.push(i);
    a.block.push(Math.floor(i / 100));
  }
  a.statuses['200'] = n - errors;
  if (errors > 0) a.statuses['503'] = errors;
  return a;
}

const config = loadConfigSchema.parse({ criteria: { p50: { maxIncrease: 0.1, floorMs: 0 }, p95: { maxIncrease: 0.1, floorMs: 0 } }, stats: { resamples: 300 } });
const options = { stats: config.stats, criteria: config.criteria, paired: true, seed: 1, problems: [] };

describe('analyseLoad', () => {
  it('passes an A/A comparison with enough data', () => {
    const a = analyseLoad(arm(1, 20_000, 1), arm(2, 20_000, 1), options);
    expect(a.status).toBe('pass');
    expect(a.latency.map((l) => l.name)).toEqual(['P50', 'P95', 'P99']);
  });

  it('fails a 50% slowdown and a burst of 5xx', () => {
    expect(analyseLoad(arm(1, 20_000, 1), arm(2, 20_000, 1.5), options).status).toBe('fail');
    const errors = analyseLoad(arm(1, 20_000, 1), arm(2, 20_000, 1, 400), options);
    expect(errors.status).toBe('fail');
    expect(errors.reasons.join('\n')).toMatch(/error rate increase/);
  });

  it('turns any self-check problem into inconclusive, with the reason', () => {
    const a = analyseLoad(arm(1, 20_000, 1), arm(2, 20_000, 1.5), { ...options, problems: ['round 0: load generator saturated'] });
    expect(a.status).toBe('inconclusive');
    expect(a.reasons).toContain('self-check: round 0: load generator saturated');
  });

  it('is inconclusive, never pass, with no data', () => {
    const a = analyseLoad(emptyArmSamples(), emptyArmSamples(), options);
    expect(a.status).toBe('inconclusive');
  });
});
