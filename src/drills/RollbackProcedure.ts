/**
 * The rollback runbook a rollback drill executes, as the team declares it (drills.rollback.procedure):
 * - `global-off`: SET the flag's global value false and broadcast the change, and nothing else:
 *   the procedure as rollout documents usually write it ("workers reverted to global fallback");
 * - `global-and-overrides-off`: the same, and also turn every per-tenant override off.
 * In a service where a per-tenant override outranks the global value (the reference service's
 * rule), only the second takes an allow-list's or a cohort's tenants off the new path. The drill
 * runs what is declared, never a stronger procedure, so a runbook that misses the overrides fails
 * the drill instead of passing on steps nobody will run.
 */
export const ROLLBACK_PROCEDURES = ['global-off', 'global-and-overrides-off'] as const;
export type RollbackProcedure = (typeof ROLLBACK_PROCEDURES)[number];

export function clearsOverrides(procedure: RollbackProcedure): boolean {
  return procedure === 'global-and-overrides-off';
}

/** The steps the drill ran, for the evidence: what a reader must find in the team's runbook. */
export function rollbackSteps(procedure: RollbackProcedure, flag: string, overrides: readonly string[]): string[] {
  const steps = [`SET ${flag} false (the global value)`];
  if (clearsOverrides(procedure)) {
    steps.push(overrides.length === 0
      ? `SET ${flag} false for every per-tenant override (none were set)`
      : `SET ${flag} false for every per-tenant override (${overrides.join(', ')})`);
  }
  steps.push('broadcast the change (the flag setter publishes it)', 'wait until every instance reports the new flags version');
  return steps;
}

/**
 * Why tenants stayed on the new path after the rollback, and what to do: the failure message of a
 * drill whose procedure left tenants there.
 */
export function stuckTenantsMessage(stuck: readonly string[], exposed: readonly string[], procedure: RollbackProcedure, overridden: readonly string[], allApplied: boolean): string {
  const head = `${stuck.length} of the ${exposed.length} tenant(s) on the new path before the rollback (${stuck.join(', ')}) were still served from it after the rollback completed`;
  const byOverride = stuck.filter((t) => overridden.includes(t));
  if (!clearsOverrides(procedure) && byOverride.length > 0) {
    // The cause leads: a gate report quotes the first few hundred characters of it.
    return `${head}: a per-tenant override outranks the global flag, and the drilled procedure (${procedure}: global flag false + broadcast) `
      + `leaves per-tenant overrides in place (${byOverride.length === stuck.length ? 'each of them' : byOverride.join(', ')} had one). `
      + "Add clearing every per-tenant override to the rollback runbook and declare it (drills.rollback.procedure: 'global-and-overrides-off'), "
      + 'or make the global off a kill switch that outranks per-tenant overrides';
  }
  if (!allApplied) return `${head}: not every instance applied the rollback (above)`;
  return `${head}, although the procedure (${procedure}) turned their flag off and every instance reported the new flags version: `
    + 'the instances report the rollback but do not apply it to these tenants; find where the service decides the path per tenant';
}
