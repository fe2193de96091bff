export { drillsConfigSchema } from './DrillsConfig.js';
export type { DrillsConfig, DrillsConfigInput } from './DrillsConfig.js';
export { DRILL_NAMES, isDrillName } from './DrillOutcome.js';
export type { DrillName, DrillCheck, DrillOutcome } from './DrillOutcome.js';
export type { DrillContext } from './DrillContext.js';
export { runDrill } from './runDrill.js';
export { checkCohortProperties } from './checkCohortProperties.js';
export type { CohortPropertyOptions } from './checkCohortProperties.js';
export type { CohortFunction, CohortQuery, PropertyOutcome } from './CohortFunction.js';
