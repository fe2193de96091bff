export { loadConfigSchema } from './LoadConfig.js';
export type { LoadConfig } from './LoadConfig.js';
