import { z } from 'zod';

/** The `audit` section of isogate.config.ts. Owned by src/audit; config/ only composes it. */
export const auditConfigSchema = z.object({}).passthrough();

export type AuditConfig = z.infer<typeof auditConfigSchema>;
