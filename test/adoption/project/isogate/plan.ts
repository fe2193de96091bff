// The team's own rollout plan for `isogate gate --plan adoption --stage pre-rollout`.
import type { IsogateConfigInput } from 'isogate';

const source = { document: 'docs/rollout.md', section: 'Pre-rollout' };

export const plan: NonNullable<IsogateConfigInput['gate']>['plan'] = {
  id: 'adoption',
  title: 'Tenant-scoped sessions',
  document: 'docs/rollout.md',
  stages: [{
    id: 'pre-rollout',
    title: 'Before any traffic',
    source,
    runs: [
      { id: 'leak', argv: ['leak'], produces: ['leakage'] },
      { id: 'audit', argv: ['audit'], produces: ['audit'] },
    ],
    criteria: [
      { id: 'no-leak', check: 'leakage', metric: 'leaks', op: '==', value: 0, minSamples: { metric: 'runs', value: 10 }, text: 'no tenant sees another tenant\'s data', source },
      { id: 'audit-clean', check: 'audit', metric: 'violations', op: '==', value: 0, minSamples: { metric: 'filesScanned', value: 1 }, text: 'state only through the wrapper', source },
    ],
  }],
};
