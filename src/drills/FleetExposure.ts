import { performance } from 'node:perf_hooks';
import type { DrillContext } from './DrillContext.js';
import type { DrillService } from './DrillService.js';
import { ALL_EXPOSED, describeFlagExposure, type FlagExposure } from './FlagExposure.js';
import { fleetConvergence, versionOf } from './fleetConvergence.js';
import { loadCohortFunction } from './loadCohortFunction.js';
import type { ServiceFleet } from './ServiceFleet.js';

/** Where the flag lives: the service's setter, its Redis and namespace. */
export interface FlagTarget { service: DrillService; redisUrl: string; namespace: string }

/**
 * A fleet's flag exposure, applied the way operators apply a stage: the global value plus one
 * override per tenant for an allow-list or a cohort. `exposed` are the drill traffic's tenants
 * that have the flag on; only their requests exercise the new path.
 */
export class FleetExposure {
  private constructor(
    private readonly ctx: DrillContext,
    private readonly target: FlagTarget,
    readonly exposure: FlagExposure,
    /** Tenants given a per-tenant override (allow-list or cohort members). */
    private readonly overrides: readonly string[],
    readonly exposed: readonly string[],
  ) {}

  static async plan(ctx: DrillContext, target: FlagTarget): Promise<FleetExposure> {
    const exposure = ctx.exposure ?? ALL_EXPOSED;
    const tenants = ctx.config.service.tenants;
    let overrides: string[] = [];
    if (exposure.kind === 'allow-list') overrides = [...exposure.tenants];
    if (exposure.kind === 'cohort') {
      // The service's own cohort function decides who is in, as it does in production.
      const { fn } = await loadCohortFunction(ctx);
      const inside = await Promise.all(tenants.map(async (userId) => fn({ userId, flag: ctx.config.flag, percentage: exposure.percent })));
      overrides = tenants.filter((_, i) => inside[i] === true);
    }
    const exposed = exposure.kind === 'all' ? [...tenants] : tenants.filter((t) => overrides.includes(t));
    return new FleetExposure(ctx, target, exposure, overrides, exposed);
  }

  /**
   * Why the drill cannot speak for this exposure, or undefined: an exposure that turns somebody on
   * but none of the drill's tenants is on has only the flag-off path under traffic.
   */
  unexercised(): string | undefined {
    if (this.exposure.kind === 'off' || this.exposed.length > 0) return undefined;
    return `the stage's exposure (${describeFlagExposure(this.exposure)}) turns none of the drill's tenants (${this.ctx.config.service.tenants.join(', ')}) on: `
      + 'the drill would only exercise the flag-off path; add tenants to drills.service.tenants';
  }

  /**
   * Sets the flag as the exposure says (`on`) or off, and times until every instance reports it.
   * Off turns the per-tenant overrides off too unless `keepOverrides` (a rollback runbook that
   * sets only the global value: overrides, which outrank it, stay on). Per instance: ms, or
   * undefined where it never did.
   */
  async apply(fleet: ServiceFleet, on: boolean, timeoutMs: number, keepOverrides = false): Promise<{ ms: Array<number | undefined>; t0: number }> {
    const { service, redisUrl, namespace } = this.target;
    const flag = this.ctx.config.flag;
    const t0 = performance.now();
    const global = on && this.exposure.kind === 'all';
    let version = versionOf(await service.setFlag({ redisUrl, namespace, flag, value: global }));
    for (const tenant of on || !keepOverrides ? this.overrides : []) {
      version = versionOf(await service.setFlag({ redisUrl, namespace, flag, value: on, tenant })) ?? version;
    }
    return { ms: await fleetConvergence(fleet.clients, flag, global, version, t0, timeoutMs), t0 };
  }

  /** Tenants given a per-tenant override (allow-list or cohort members). */
  overridden(): readonly string[] {
    return this.overrides;
  }

  /** The drill traffic's tenants that never have the flag on: their state stays in each instance's own process. */
  unexposed(): ReadonlySet<string> {
    return new Set(this.ctx.config.service.tenants.filter((t) => !this.exposed.includes(t)));
  }

  /** For the evidence: what the fleet ran with. */
  record(): Record<string, unknown> {
    return { arm: this.ctx.arm ?? null, exposure: describeFlagExposure(this.exposure), exposedTenants: this.exposed, overrides: this.overrides };
  }
}
