import type { Evidence } from '../../src/evidence/index.js';
import type { Criterion, Stage } from '../../src/gate/index.js';
import { record } from './sampleEvidence.js';

/** A value that satisfies `op value` with room to spare. */
export function satisfying(c: Pick<Criterion, 'op' | 'value'>): number {
  switch (c.op) {
    case '==': return c.value;
    case '<': return c.value - Math.max(1, Math.abs(c.value)) * 0.5;
    case '<=': return c.value - Math.max(1, Math.abs(c.value)) * 0.25;
    case '>': return c.value + Math.max(1, Math.abs(c.value)) * 0.5;
    case '>=': return c.value;
  }
}

/** One record per check the stage reads, every criterion met on enough samples. */
export function evidenceMeeting(stage: Stage): Evidence[] {
  const byCheck = new Map<string, Record<string, number>>();
  for (const c of stage.criteria) {
    const metrics = byCheck.get(c.check) ?? {};
    metrics[c.metric] = satisfying(c);
    if (c.latency !== undefined) {
      // A latency criterion is judged on its interval, with its floor over the baseline quantile
      // (100 ms: the floor never widens the limit here).
      metrics[`${c.metric}.lo`] = metrics[c.metric] as number;
      metrics[`${c.metric}.hi`] = metrics[c.metric] as number;
      metrics[c.latency.baselineMetric] = 100;
    }
    if (c.minSamples !== undefined) metrics[c.minSamples.metric] = Math.max(metrics[c.minSamples.metric] ?? 0, c.minSamples.value);
    byCheck.set(c.check, metrics);
  }
  return [...byCheck].map(([check, metrics]) => record(check, metrics));
}
