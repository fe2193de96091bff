/**
 * What a rollout's cohort function looks like to the cohort drill: given a user, a flag, the
 * stage's percentage (0 to 100, fractions allowed) and the internal allow-list, is the user in?
 * The reference service's is fixtures/reference-service/cohort.ts; a user declares theirs in config.
 */
export interface CohortQuery {
  userId: string;
  flag: string;
  percentage: number;
  allowList?: readonly string[];
}

export type CohortFunction = (query: CohortQuery) => boolean | Promise<boolean>;

/** One property's outcome; a failure carries what `fc.check` needs to replay it. */
export type PropertyOutcome =
  | { property: string; status: 'pass'; runs: number; seed: number }
  | { property: string; status: 'fail'; runs: number; seed: number; path: string | null; counterexample: string; message: string };
