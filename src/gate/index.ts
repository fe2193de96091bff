export { gateConfigSchema } from './GateConfig.js';
export type { GateConfig } from './GateConfig.js';
