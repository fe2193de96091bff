import type { CheckId, MetricOf } from '../evidence/index.js';

export const SCENARIO_IDS = ['keyspace-migration', 'tenant-header', 'tenant-retrieval'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number] & CheckId;

export function isScenarioId(value: string): value is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(value);
}

/** One check's result, ready to become an evidence record. */
export type ScenarioOutcomeOf<C extends ScenarioId> = {
  check: C;
  target: string;
  metrics: Record<MetricOf<C>, number>;
  details: Record<string, unknown>;
  seed: number;
  startedAt: string;
  durationMs: number;
} & ({ status: 'pass' } | { status: 'fail'; summary: string });

/** Any scenario's outcome, discriminated by `check`. */
export type ScenarioOutcome<C extends ScenarioId = ScenarioId> = { [K in C]: ScenarioOutcomeOf<K> }[C];
