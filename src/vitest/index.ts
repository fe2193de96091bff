// `isogate/vitest`: what a user's vitest file imports. Loaded only by vitest (it imports vitest);
// the CLI never reaches it.
export { describeLeakage } from './describeLeakage.js';
export type { DescribeLeakageOptions } from './describeLeakage.js';
export { describeScenarios } from './describeScenarios.js';
export type { DescribeScenariosOptions } from './describeScenarios.js';
export { openLeakScenarioFromConfig } from '../app/index.js';
export type { LeakScenario, StoreScenarioValue, HttpScenarioValue } from '../leakage/index.js';
// fast-check's vitest binding, so `test.prop([s.arbitrary], …)` needs no other import.
export { test, it, fc } from '@fast-check/vitest';
