import { z } from 'zod';

/** The `leakage` section of isogate.config.ts. Owned by src/leakage; config/ only composes it. */
export const leakageConfigSchema = z.object({}).passthrough();

export type LeakageConfig = z.infer<typeof leakageConfigSchema>;
