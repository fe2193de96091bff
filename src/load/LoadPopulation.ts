import type { Exposure } from './ArmState.js';
import type { TenantSpec } from './LoadConfig.js';

/**
 * A cohort stage's load must hold enough tenants that the cohort is expected to contain at least
 * this many of them: with n tenants and a cohort of share p the chance that the hash picks none
 * is (1 - p)^n, under 1% at 5 expected members (e^-5). Four demo tenants at 10% would otherwise
 * most likely turn nobody on and measure the flag-off path as if it were the stage.
 */
export const MIN_EXPECTED_MEMBERS = 5;

/** Tenants drawn at most (a cohort of a fraction of a percent then relies on the exposed check). */
export const MAX_LOAD_TENANTS = 200;

/**
 * The tenants a load run uses: the configured ones, plus drawn tenants (`cohort1`, `cohort2`, …,
 * with the default `Bearer tok-<id>` credentials) until a hash cohort is expected to hold
 * MIN_EXPECTED_MEMBERS of them. Tenants with their own headers are kept as they are: isogate
 * cannot invent credentials of that form.
 */
export function loadPopulation(tenants: readonly TenantSpec[], exposure: Exposure): TenantSpec[] {
  if (exposure.kind !== 'cohort' || exposure.percent <= 0 || exposure.percent >= 100) return [...tenants];
  if (tenants.some((t) => t.headers !== undefined)) return [...tenants];
  const need = Math.min(MAX_LOAD_TENANTS, Math.ceil((MIN_EXPECTED_MEMBERS * 100) / exposure.percent));
  const out = [...tenants];
  const ids = new Set(out.map((t) => t.id));
  for (let i = 1; out.length < need; i++) if (!ids.has(`cohort${i}`)) out.push({ id: `cohort${i}` });
  return out;
}

/**
 * Per tenant, the weight that gives the exposed tenants `share` of the requests and the others
 * the rest, whatever number of tenants the hash happened to pick (a load run passes 1: only the
 * exposed group is measured). Undefined when one group is empty (no reweighting can make it present).
 */
export function exposureWeights(tenants: readonly TenantSpec[], exposed: ReadonlySet<string>, share: number): number[] | undefined {
  const inside = tenants.filter((t) => exposed.has(t.id)).length;
  const outside = tenants.length - inside;
  if (inside === 0 || outside === 0) return undefined;
  return tenants.map((t) => (exposed.has(t.id) ? share / inside : (1 - share) / outside));
}
