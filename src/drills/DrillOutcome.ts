import type { CHECKS } from '../evidence/index.js';

export const DRILL_NAMES = ['flag-propagation', 'rollback', 'fallback', 'failover', 'cohort'] as const;
export type DrillName = (typeof DRILL_NAMES)[number];
export type DrillCheck = `drill:${DrillName}`;

export function isDrillName(value: string): value is DrillName {
  return (DRILL_NAMES as readonly string[]).includes(value);
}

/**
 * What a drill found, before it becomes evidence. Metric names are the check's own (CHECKS), so
 * the gate's criteria and the drill cannot drift apart; `details` holds the raw figures behind them.
 * `target` overrides the service name (the cohort drill names the function it checked).
 */
export interface DrillOutcome<C extends DrillCheck> {
  status: 'pass' | 'fail' | 'inconclusive';
  metrics: Record<(typeof CHECKS)[C][number], number>;
  details: Record<string, unknown>;
  target?: string;
}
