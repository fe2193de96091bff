import { z } from 'zod';

/**
 * The `leakage` section of isogate.config.ts: the engine's budget. The defaults are the small
 * budget that catches every catalogued fault of the reference service on every seed (see
 * `npm run bench:leakage`); raise `runs` for a sign-off run.
 */
export const leakageConfigSchema = z.object({
  /** Property runs (scenarios) per target. */
  runs: z.number().int().positive().default(100),
  /** Most commands (steps) in one scenario. */
  maxCommands: z.number().int().positive().max(1_000).default(24),
  /** Tenants per scenario: drawn between min and max (2 to 8 by default). */
  tenants: z.object({
    min: z.number().int().min(2).default(2),
    max: z.number().int().min(2).max(26).default(8),
  }).strict().refine((t) => t.min <= t.max, { message: 'tenants.min must not exceed tenants.max' })
    .default({ min: 2, max: 8 }),
  /** Flip the target's flags (TENANT_SCOPED_STATE) mid-traffic, when it declares how. */
  flips: z.boolean().default(true),
  /** Inject Redis faults (connection drops, server restarts) on the Redis isogate owns. */
  faults: z.boolean().default(true),
  /** Run operations of different tenants concurrently, in drawn interleavings. */
  concurrency: z.boolean().default(true),
  /** An operation that does not answer within this long is a finding (or unknown, under a fault). */
  opTimeoutMs: z.number().int().positive().default(5_000),
  /** Fixed fast-check seed; default: a fresh one per run (printed, and kept in evidence). */
  seed: z.number().int().optional(),
  /**
   * Shrinking budget: after the first failure, at most this many re-runs and this long (ms); the
   * smallest failure found by then is the counterexample (replayable all the same).
   */
  shrinkRuns: z.number().int().nonnegative().default(300),
  shrinkMs: z.number().int().nonnegative().default(5_000),
  /**
   * Tries per shrink candidate (and per replay) before it counts as passing, when the failure may
   * depend on timing (overlapping operations, flips, faults): a race may not show on every run,
   * and a candidate rejected only for timing would keep the counterexample long. Every try counts
   * toward shrinkRuns and shrinkMs.
   */
  shrinkAttempts: z.number().int().positive().max(20).default(3),
  /**
   * After each counterexample the search goes on for other finding classes, passing over the
   * classes found: by default through the whole of `runs` (a class may need a story the first
   * runs did not draw); set, at most this many more runs; 0 stops at the first.
   */
  runsAfterFinding: z.number().int().nonnegative().optional(),
  /** Stop a target's search after this long (ms); the runs done so far still count. */
  timeLimitMs: z.number().int().positive().optional(),
}).strict();

export type LeakageConfig = z.output<typeof leakageConfigSchema>;

export const DEFAULT_LEAKAGE_CONFIG: LeakageConfig = leakageConfigSchema.parse({});
