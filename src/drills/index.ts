export { drillsConfigSchema } from './DrillsConfig.js';
export type { DrillsConfig } from './DrillsConfig.js';
