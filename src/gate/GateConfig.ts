import { z } from 'zod';

/** The `gate` section of isogate.config.ts. Owned by src/gate; config/ only composes it. */
export const gateConfigSchema = z.object({}).passthrough();

export type GateConfig = z.infer<typeof gateConfigSchema>;
