export interface LatencySummary {
  avgMs: number;
  p95Ms: number;
  errorRate: number;
  samples: number;
}

/** Nearest-rank P95 over all samples; errors count in the rate and in the timings. */
export function summariseLatency(samples: readonly { ms: number; ok: boolean }[]): LatencySummary {
  if (samples.length === 0) return { avgMs: 0, p95Ms: 0, errorRate: 0, samples: 0 };
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? 0;
  const avg = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return { avgMs: round(avg), p95Ms: round(p95), errorRate: samples.filter((s) => !s.ok).length / samples.length, samples: samples.length };
}

/** The plan's SLA: < 2 s average, < 3 s P95, < 1% errors. */
export const RETRIEVAL_SLA = { avgMs: 2_000, p95Ms: 3_000, errorRate: 0.01 } as const;

export function withinSla(s: LatencySummary): boolean {
  return s.avgMs < RETRIEVAL_SLA.avgMs && s.p95Ms < RETRIEVAL_SLA.p95Ms && s.errorRate < RETRIEVAL_SLA.errorRate;
}
