import type { CheckRun } from './StagePlan.js';

/**
 * A stage's leakage run split into one run per configured target (`isogate leak --target T`,
 * run id `leak-T`). `isogate leak` searches its targets one after another in one process; as
 * separate runs they go side by side with the stage's other untimed checks, so a stage waits
 * for its slowest target instead of their sum. A process per target also keeps each target's
 * own stdout/stderr capture to itself. A run that names its target, or a config with one target
 * (or none known), is left as is.
 */
export function leakRunsPerTarget(runs: readonly CheckRun[], targets: readonly string[]): CheckRun[] {
  if (targets.length < 2) return [...runs];
  return runs.flatMap((run) => (run.argv[0] === 'leak' && !run.argv.includes('--target')
    ? targets.map((t): CheckRun => ({ id: `${run.id}-${t}`, argv: [...run.argv, '--target', t], produces: [...run.produces] }))
    : [run]));
}
