export { leakageConfigSchema } from './LeakageConfig.js';
export type { LeakageConfig } from './LeakageConfig.js';
