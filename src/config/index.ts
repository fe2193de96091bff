export { defineConfig, isogateConfigSchema } from './IsogateConfig.js';
export type { IsogateConfig, IsogateConfigInput } from './IsogateConfig.js';
export { loadConfig, parseConfig, formatConfigIssues, DEFAULT_CONFIG_FILE } from './loadConfig.js';
export type { LoadedConfig } from './loadConfig.js';
