import { performance } from 'node:perf_hooks';
import { openRunNamespace, startRedis } from '../redis/index.js';
import type { DrillContext } from './DrillContext.js';
import type { DrillOutcome } from './DrillOutcome.js';
import { loadDrillService } from './DrillService.js';
import { FleetExposure } from './FleetExposure.js';
import { fleetConvergence, versionOf } from './fleetConvergence.js';
import { percentile } from './percentile.js';
import { startFleet } from './ServiceFleet.js';

/**
 * "Pub/sub broadcast verified to propagate flag changes < 30 seconds": N separate instances, the
 * flag flipped in Redis and published `flips` times; each flip is timed until the last instance
 * reports the new value. An instance that never does is a lost message, and the drill fails.
 */
export async function flagPropagationDrill(ctx: DrillContext): Promise<DrillOutcome<'drill:flag-propagation'>> {
  const { config } = ctx;
  const o = config.flagPropagation;
  const timeoutMs = o.timeoutMs ?? o.thresholdMs;
  const service = await loadDrillService(config, ctx.baseDir);
  await using redis = await startRedis();
  await using ns = await openRunNamespace(redis);
  await using fleet = await startFleet(service, config, o.instances, redis.url, ns.prefix);
  // The fleet starts as the stage has it; the flips then change the global value every worker reads.
  const exposure = await FleetExposure.plan(ctx, { service, redisUrl: redis.url, namespace: ns.prefix });
  const initial = await exposure.apply(fleet, true, timeoutMs);
  const first = fleet.clients[0];
  let value = (first === undefined ? undefined : await first.flag(config.flag))?.value ?? false;
  const flips: Array<{ value: boolean; version: number | undefined; instanceMs: Array<number | null> }> = [];
  let lost = 0;
  for (let i = 0; i < o.flips && lost === 0; i++) {
    value = !value;
    const t0 = performance.now();
    const version = versionOf(await service.setFlag({ redisUrl: redis.url, namespace: ns.prefix, flag: config.flag, value }));
    const instanceMs = await fleetConvergence(fleet.clients, config.flag, value, version, t0, timeoutMs);
    lost += instanceMs.filter((ms) => ms === undefined).length;
    flips.push({ value, version, instanceMs: instanceMs.map((ms) => ms ?? null) });
    ctx.log(`  flip ${i + 1} to ${value}: ${instanceMs.map((ms) => (ms === undefined ? 'lost' : `${ms} ms`)).join(', ')}`);
  }
  // A flip with a lost message counts at the time waited: a lower bound, and over the threshold.
  const perFlip = flips.map((f) => (f.instanceMs.includes(null) ? timeoutMs : Math.max(...f.instanceMs.map((ms) => ms ?? 0))));
  const maxMs = Math.max(0, ...perFlip);
  const failures = [
    ...(initial.ms.includes(undefined) ? [`not every instance applied the stage's exposure within ${timeoutMs} ms before the flips (lost message)`] : []),
    ...(lost > 0 ? [`${lost} instance(s) never reported a flip within ${timeoutMs} ms (lost message); later flips not run`] : []),
    ...(maxMs >= o.thresholdMs ? [`slowest flip took ${maxMs} ms, over the ${o.thresholdMs} ms threshold`] : []),
  ];
  return {
    status: failures.length === 0 ? 'pass' : 'fail',
    metrics: { p50Ms: percentile(perFlip, 0.5), maxMs, instances: fleet.instances.length, flips: flips.length, lostMessages: lost },
    details: { failures, fleet: exposure.record(), thresholdMs: o.thresholdMs, timeoutMs, flag: config.flag, flips, pids: fleet.instances.map((i) => i.pid) },
  };
}
