import { z } from 'zod';

/** The `load` section of isogate.config.ts. Owned by src/load; config/ only composes it. */
export const loadConfigSchema = z.object({}).passthrough();

export type LoadConfig = z.infer<typeof loadConfigSchema>;
