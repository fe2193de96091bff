// Child process for the interruption test: runs a local Prometheus rehearsal of the reference
// service and reports each progress line; the test interrupts it while the traffic runs.
import { fileURLToPath } from 'node:url';
import { rehearseProduction, productionConfigSchema } from '../../../src/production/index.js';

const module = fileURLToPath(new URL('../../../fixtures/reference-service/index.ts', import.meta.url));
const arm = (cohort: string) => ({ module, export: 'startReferenceArm', options: { cohort, tenantScopedState: true } });
const config = productionConfigSchema.parse({
  rehearsal: { control: arm('control'), canary: arm('canary'), instances: 1, canaryInstances: 1, seconds: 600, rps: 20 },
}).rehearsal;
await rehearseProduction({
  // 100 %: only the canary fleet starts, one process; the interruption is what is tested.
  config, dir: process.cwd(), canaryPercent: 100, seed: 1, env: process.env,
  progress: (line) => process.stdout.write(`${line}\n`),
});
