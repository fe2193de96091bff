import { requestsToDecideErrorIncrease } from '../load/index.js';
import type { ProductionThreshold } from './judgeProduction.js';
import type { RehearsalConfig } from './ProductionConfig.js';

/** Seconds at the start of the traffic the judged window leaves out (series appear with a cohort's first scrape). */
const UNJUDGED_SECONDS = 5;
/** However tight a limit, a rehearsal stops here; its criterion is then INCONCLUSIVE on too few requests. */
const MAX_SECONDS = 600;

/**
 * The rehearsal, with traffic long enough for the stage's error-rate differential to be decidable:
 * a limit of 0.01 percentage point needs about 48,000 canary requests with no error, which a
 * 25 % canary at 1,500 req/s gets in 128 s, not in the configured 90. Longer only, never shorter.
 */
export function sizedRehearsal(rehearsal: RehearsalConfig, thresholds: readonly ProductionThreshold[], canaryPercent: number): { rehearsal: RehearsalConfig; why?: string } {
  const limits = thresholds.filter((t) => t.metric === 'errorRateDelta' && (t.op === '<' || t.op === '<=')).map((t) => t.value);
  const share = Math.min(100, Math.max(0, canaryPercent)) / 100;
  if (limits.length === 0 || share === 0 || share === 1) return { rehearsal };
  const limit = Math.min(...limits);
  const need = requestsToDecideErrorIncrease(limit);
  if (need === undefined) return { rehearsal };
  const seconds = Math.min(MAX_SECONDS, Math.ceil(need / (rehearsal.rps * share) + UNJUDGED_SECONDS));
  if (seconds <= rehearsal.seconds) return { rehearsal };
  return {
    rehearsal: { ...rehearsal, seconds },
    why: `${seconds} s of traffic instead of ${rehearsal.seconds}: an error-rate differential limit of ${limit} needs about ${need} canary requests, and the canary gets ${Math.round(share * 100)}% of ${rehearsal.rps} req/s`,
  };
}
