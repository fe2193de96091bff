import { z } from 'zod';

/** The `drills` section of isogate.config.ts. Owned by src/drills; config/ only composes it. */
export const drillsConfigSchema = z.object({}).passthrough();

export type DrillsConfig = z.infer<typeof drillsConfigSchema>;
