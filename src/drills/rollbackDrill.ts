import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openRunNamespace, startRedis } from '../redis/index.js';
import type { DrillContext } from './DrillContext.js';
import type { DrillOutcome } from './DrillOutcome.js';
import { loadDrillService } from './DrillService.js';
import { FleetExposure } from './FleetExposure.js';
import { pathCounters, serviceUnhandled, type PathCounters } from './pathCounters.js';
import { pollUntil, sleep } from './pollUntil.js';
import { clearsOverrides, rollbackSteps, stuckTenantsMessage } from './RollbackProcedure.js';
import { examples, readBack } from './readBack.js';
import { startFleet } from './ServiceFleet.js';
import { tenantPaths } from './tenantPaths.js';
import { TenantTraffic } from './TenantTraffic.js';

/**
 * The rollback procedure of the tenant-scoped-state rollout, rehearsed under live multi-tenant
 * traffic: the declared runbook (drills.rollback.procedure; by default SET the flag false and
 * PUBLISH, steps 1-2), then wait until every instance has moved to the global fallback (step 3),
 * timed against 5 minutes, and ask each instance, tenant by tenant, that every tenant the stage had
 * on the new path is on the fallback now; then re-enable and read every acknowledged write back as
 * its tenant: none may be lost or crossed, and no request may fail unhandled.
 */
export async function rollbackDrill(ctx: DrillContext): Promise<DrillOutcome<'drill:rollback'>> {
  const { config } = ctx;
  const o = config.rollback;
  const service = await loadDrillService(config, ctx.baseDir);
  await using redis = await startRedis();
  await using ns = await openRunNamespace(redis);
  // The stage's exposure is what the rollback undoes: the global value and any per-tenant overrides.
  const exposure = await FleetExposure.plan(ctx, { service, redisUrl: redis.url, namespace: ns.prefix });
  const procedure = { name: o.procedure, steps: rollbackSteps(o.procedure, config.flag, exposure.overridden()) };
  const unexercised = exposure.unexercised();
  if (unexercised !== undefined) {
    // Nothing of the drill's traffic would be on the new path: no rollback to rehearse.
    return {
      status: 'inconclusive', metrics: { durationMs: 0, unhandledErrors: 0, lostWrites: 0, crossedWrites: 0, requests: 0, tenantsOnNewPath: 0 },
      details: { failures: [], inconclusive: [unexercised], fleet: exposure.record(), procedure },
    };
  }
  await using fleet = await startFleet(service, config, o.instances, redis.url, ns.prefix);
  ctx.log(`rollback procedure drilled (drills.rollback.procedure = ${procedure.name}): ${procedure.steps.join('; ')}`);
  const failures: string[] = [];
  const unsure: string[] = [];
  // The rollback runs the declared runbook only: a global-only runbook leaves overrides on.
  const flip = (on: boolean): ReturnType<FleetExposure['apply']> => exposure.apply(fleet, on, o.thresholdMs, !clearsOverrides(o.procedure));
  const tag = randomBytes(3).toString('hex');

  const enabled = await flip(true);
  if (enabled.ms.includes(undefined)) failures.push(`not every instance applied the stage's exposure before the drill`);
  const traffic = new TenantTraffic(fleet.clients, config.service.tenants, o.concurrency, tag);
  traffic.phase = 'on';
  const onStart = await Promise.all(fleet.clients.map(pathCounters));
  traffic.start();
  await sleep(o.trafficMs);
  // Until the requests a stage needs are in (or one failed: the drill fails anyway). hang guard:
  // a machine too loaded to make them in a minute more has the drill say how many it made.
  await pollUntil(() => Promise.resolve(traffic.tally().requests >= o.minRequests || traffic.tally().failed + traffic.tally().transport > 0), 60_000, 25);

  traffic.phase = 'rolling-back';
  // How much of the 'on' traffic the new path served (the service's own counters, when it has them).
  const onEnd = await Promise.all(fleet.clients.map(pathCounters));
  const newPathOps = onEnd.every((c, i) => c !== undefined && onStart[i] !== undefined)
    ? onEnd.reduce((n, c, i) => n + (c?.redis ?? 0) - (onStart[i]?.redis ?? 0), 0) : undefined;
  if (exposure.exposure.kind !== 'off' && newPathOps === 0) {
    unsure.push('no request of the traffic before the rollback was served from the new path: there was nothing to roll back');
  }
  const rollback = await flip(false);
  const durationMs = Math.round(performance.now() - rollback.t0);
  const stuck = rollback.ms.flatMap((ms, i) => (ms === undefined ? [i] : []));
  if (stuck.length > 0) failures.push(`instance(s) ${stuck.join(', ')} never reported ${config.flag}=false within ${o.thresholdMs} ms`);
  else if (durationMs >= o.thresholdMs) failures.push(`rollback took ${durationMs} ms, over the ${o.thresholdMs} ms threshold`);

  traffic.phase = 'off';
  const offStart = await Promise.all(fleet.clients.map(pathCounters));
  await sleep(o.trafficMs);
  // A slow machine may not reach every instance within trafficMs: wait (up to the threshold) until
  // each has handled some 'off' traffic, served or failed.
  const handled = (c: PathCounters): number => c.redis + c.legacy + (c.unhandled ?? 0);
  const served = (end: PathCounters | undefined, i: number): boolean => {
    const start = offStart[i];
    return end === undefined || start === undefined || handled(end) > handled(start);
  };
  await pollUntil(async () => (await Promise.all(fleet.clients.map(pathCounters))).every(served), o.thresholdMs, 25);
  const offEnd = await Promise.all(fleet.clients.map(pathCounters));
  // The service's own counters say which path served the 'off' traffic (when it exposes them).
  const paths = offEnd.map((end, i) => {
    const start = offStart[i];
    return end === undefined || start === undefined ? null : { redisOps: end.redis - start.redis, legacyOps: end.legacy - start.legacy };
  });
  // Every tenant the stage had on the new path must be on the fallback now: each instance is
  // asked tenant by tenant, with the traffic paused so its counters speak for one tenant.
  await traffic.stop();
  const probed = await tenantPaths(fleet.clients, exposure.exposed, tag);
  traffic.start();
  const stuckTenants = exposure.exposed.filter((t) => probed.get(t)?.includes('new') === true);
  const unprobed = exposure.exposed.filter((t) => !stuckTenants.includes(t) && probed.get(t)?.includes('unknown') === true);
  if (stuckTenants.length > 0) failures.push(stuckTenantsMessage(stuckTenants, exposure.exposed, o.procedure, exposure.overridden(), !rollback.ms.includes(undefined)));
  if (unprobed.length > 0) unsure.push(`could not tell which path served ${unprobed.join(', ')} after the rollback: a read as the tenant moved neither state_ops_total{path="redis"} nor {path="legacy"} on /metrics (or the service has no such counters)`);
  const notOnFallback = paths.flatMap((p, i) => (p !== null && (p.redisOps > 0 || p.legacyOps === 0) ? [i] : []));
  // (Stuck tenants already explain an instance still on Redis.)
  if (notOnFallback.length > 0 && stuckTenants.length === 0) failures.push(`instance(s) ${notOnFallback.join(', ')} still served from Redis (or not at all) after the rollback`);

  traffic.phase = 're-enabling';
  const restored = await flip(true);
  if (restored.ms.includes(undefined)) failures.push(`not every instance applied the stage's exposure again after re-enabling`);
  traffic.phase = 'restored';
  await sleep(o.trafficMs / 2);
  await traffic.stop();

  const back = await readBack(traffic.acked, fleet.clients, config.service.tenants, exposure.unexposed());
  const tally = traffic.tally();
  const reported = await serviceUnhandled(fleet.clients);
  const unhandledErrors = Math.max(tally.failed + tally.transport, reported ?? 0);
  const crossedWrites = back.mixed.length + back.leaked.length + traffic.crossed.length;
  if (unhandledErrors > 0) failures.push(`${unhandledErrors} request(s) failed with an unhandled error (5xx or no answer)`);
  if (back.lost.length > 0) failures.push(`${back.lost.length} acknowledged write(s) lost after re-enabling`);
  if (crossedWrites > 0) failures.push(`${crossedWrites} read(s) showed another tenant's or a wrong value, or showed a tenant's write to another tenant`);
  if (back.unreadable > 0) failures.push(`${back.unreadable} acknowledged write(s) could not be read back`);
  return {
    status: failures.length > 0 ? 'fail' : unsure.length > 0 ? 'inconclusive' : 'pass',
    metrics: { durationMs, unhandledErrors, lostWrites: back.lost.length, crossedWrites, requests: tally.requests, tenantsOnNewPath: stuckTenants.length },
    details: {
      failures, inconclusive: unsure, fleet: exposure.record(),
      procedure, tenantsAfterRollback: Object.fromEntries(probed), newPathOps: newPathOps ?? null, thresholdMs: o.thresholdMs, flag: config.flag, instances: fleet.instances.length,
      convergenceMs: { enable: enabled.ms, rollback: rollback.ms, reEnable: restored.ms },
      fallbackPath: paths, traffic: traffic.byPhase(), serviceReportedUnhandled: reported,
      readBack: { checked: back.checked, intact: back.intact, unreadable: back.unreadable, lost: examples(back.lost), mixed: examples([...back.mixed, ...traffic.crossed]), leaked: examples(back.leaked) },
      failedRequests: traffic.failures,
    },
  };
}
