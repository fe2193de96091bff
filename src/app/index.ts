// The application layer: what takes a loaded config and drives an engine with it. It sits above
// config/ and the engines, so neither has to import the other (docs/architecture.md, "Layers").
export { runTargetLeakage, openTargetScenario, openLeakScenarioFromConfig, budgetOf, leakageConfigOf } from './runLeakage.js';
export type { LeakRequest } from './runLeakage.js';
