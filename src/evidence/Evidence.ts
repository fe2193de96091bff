import { z } from 'zod';

/**
 * One record per check per run (docs/architecture.md, "Evidence"). The gate reads these and nothing else,
 * so every field a criterion needs must be here: metrics are plain numbers by name.
 */
export const EVIDENCE_STATUSES = ['pass', 'fail', 'inconclusive', 'error'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export const evidenceSchema = z.object({
  check: z.string().min(1),
  target: z.string().min(1),
  status: z.enum(EVIDENCE_STATUSES),
  metrics: z.record(z.string(), z.number()),
  details: z.unknown(),
  seed: z.number().int().nullable(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  artifacts: z.array(z.string()),
});

export type Evidence = z.infer<typeof evidenceSchema>;
