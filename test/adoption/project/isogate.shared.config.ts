// The seeded-bug config: the same plan and audit as isogate.config.ts, over the shared-hash store.
import { defineConfig } from 'isogate';
import { plan } from './isogate/plan.js';

export default defineConfig({
  targets: { store: { kind: 'module', module: './isogate/sharedStore.ts', export: 'createStore', tenantId: /^[a-z0-9-]{1,32}$/ } },
  leakage: { runs: 20 },
  audit: { project: 'tsconfig.json', state: { modules: ['ioredis'] }, wrappers: ['src/tenantState.ts', 'src/sharedState.ts'] },
  gate: { plan },
});
