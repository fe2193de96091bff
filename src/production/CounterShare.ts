import { z } from 'zod';
import { matchersSchema, metricNameSchema } from './PromMatchers.js';
import { selector } from './productionQueries.js';

/**
 * A counter share: of a counter's increase over the window, the part whose series match
 * `matchers`, among the increase of the whole counter, or of the counters named in `of`
 * (`relay_job_read_path_total{path="new"}` among all reads; successes among successes and
 * failures). Read for the canary cohort only.
 */
export const counterShareSchema = z.object({
  /** The counter whose matching increase is counted. */
  metric: metricNameSchema,
  /** Label matchers (no braces) picking the counted part; empty: all of `metric`. */
  matchers: z.union([z.literal(''), matchersSchema]).default(''),
  /** The whole the part is a share of: these counters (default `[metric]`), their series matching `matchers` (default: all). */
  of: z.object({
    metrics: z.array(metricNameSchema).min(1).optional(),
    matchers: z.union([z.literal(''), matchersSchema]).default(''),
  }).strict().prefault({}),
  /** Fewer events than this in the whole over the window: INCONCLUSIVE. */
  minEvents: z.number().int().positive().default(200),
  /**
   * Which routes of the reference service a local rehearsal drives so that the counter moves
   * (`jobs`: /ai/jobs, `retrieval`: /rag). A service of your own needs none.
   */
  rehearse: z.enum(['jobs', 'retrieval']).optional(),
}).strict();

export type CounterShare = z.output<typeof counterShareSchema>;
export type CounterShareInput = z.input<typeof counterShareSchema>;

/** The shares the presets read, named after the reference service's metrics (those of the rollout documents). */
export const DEFAULT_SHARES: Readonly<Record<string, CounterShareInput>> = {
  /** Reads served from the new key schema, among all job reads (new, old, miss). */
  jobReadsNew: { metric: 'relay_job_read_path_total', matchers: 'path="new"', rehearse: 'jobs' },
  /** Reads still served from the old key schema. */
  jobReadsOld: { metric: 'relay_job_read_path_total', matchers: 'path="old"', rehearse: 'jobs' },
  /** Dual-write attempts that failed, among all attempts. */
  dualWriteFailed: { metric: 'relay_dual_write_attempt_total', matchers: 'result="failed"', rehearse: 'jobs' },
  /** Real retrievals that succeeded, among successes and failures. */
  retrievalSuccess: {
    metric: 'vecsec_vector_retrieval_success_total',
    of: { metrics: ['vecsec_vector_retrieval_success_total', 'vecsec_vector_retrieval_failures_total'] },
    rehearse: 'retrieval',
  },
};

/** `production.shares`: the user's shares over the defaults (same name: the user's wins). */
export const sharesSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'share names are a letter, then letters, digits, _ or -'), counterShareSchema)
  .default({})
  .transform((mine) => ({ ...Object.fromEntries(Object.entries(DEFAULT_SHARES).map(([k, v]) => [k, counterShareSchema.parse(v)])), ...mine }));

/** The evidence metric of share `name`; `share:<name>:events` and `:matched` are its counts. */
export function shareMetric(name: string): `share:${string}` {
  return `share:${name}`;
}

/** The share a threshold's metric names (`share:x`, `share:x:events`), if any. */
export function shareNameOf(metric: string): string | undefined {
  return /^share:([A-Za-z][A-Za-z0-9_-]*)(?::events|:matched)?$/.exec(metric)?.[1];
}

/** The two PromQL queries of a share, for the cohort selected by `cohort` over `[w]`. */
export function shareQueries(s: CounterShare, cohort: string, w: string): { matched: string; total: string } {
  const extra = (m: string): string[] => (m === '' ? [] : [m]);
  const matched = `sum(increase(${s.metric}${selector(cohort, ...extra(s.matchers))}[${w}]))`;
  // One sum per counter, added: `increase` drops the metric name, so one selector over several
  // names would yield series with the same labels. A counter with no series leaves the sum empty
  // (no answer), never a smaller whole.
  const total = (s.of.metrics ?? [s.metric]).map((m) => `sum(increase(${m}${selector(cohort, ...extra(s.of.matchers))}[${w}]))`).join(' + ');
  return { matched, total };
}
