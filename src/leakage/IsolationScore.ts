/**
 * IsolationScore = 100 × (1 − leaking / cross-tenant observations). A cross-tenant observation
 * is one output (read, list, range, error, Redis key) that could have shown another tenant's
 * data; it leaks when it did. For a clean run the rule of three bounds the leak rate: with n
 * observations and none leaking, the rate is below 3/n at 95% confidence, so "no leak seen"
 * always says how much was looked at.
 */
export interface IsolationScore {
  readonly score: number;
  readonly leaking: number;
  readonly observations: number;
  /** Upper bound of the leak rate at 95% confidence (rule of three when clean, Wilson otherwise). */
  readonly leakRateUpperBound95: number;
}

export function isolationScore(leaking: number, observations: number): IsolationScore {
  if (observations <= 0) return { score: leaking > 0 ? 0 : 100, leaking, observations: 0, leakRateUpperBound95: 1 };
  const rate = Math.min(1, leaking / observations);
  return { score: 100 * (1 - rate), leaking, observations, leakRateUpperBound95: leakRateUpperBound(leaking, observations) };
}

export function leakRateUpperBound(leaking: number, n: number): number {
  if (n <= 0) return 1;
  if (leaking === 0) return Math.min(1, 3 / n);
  const z = 1.96;
  const p = leaking / n;
  const denom = 1 + (z * z) / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return Math.min(1, (centre + spread) / denom);
}

/** Running tally the engine feeds as it observes outputs. */
export class ObservationTally {
  observations = 0;
  leaking = 0;

  observe(exposedTenants: number, leakedTenants: number): void {
    this.observations += Math.max(exposedTenants, leakedTenants);
    this.leaking += leakedTenants;
  }

  score(): IsolationScore {
    return isolationScore(this.leaking, this.observations);
  }
}
