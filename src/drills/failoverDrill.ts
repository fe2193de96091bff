import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openRunNamespace, startSentinelTopology } from '../redis/index.js';
import { canarySnapshot } from './canarySnapshot.js';
import type { DrillContext } from './DrillContext.js';
import type { DrillOutcome } from './DrillOutcome.js';
import { loadDrillService } from './DrillService.js';
import { FleetExposure } from './FleetExposure.js';
import { serviceUnhandled } from './pathCounters.js';
import { pollUntil, sleep } from './pollUntil.js';
import { examples, readBack } from './readBack.js';
import { startFleet } from './ServiceFleet.js';
import { TenantTraffic } from './TenantTraffic.js';

/**
 * "Simulate primary failure; verify automatic failover < 30 seconds; confirm application continues
 * working with new primary": a primary, replicas and sentinels on loopback, the service connected
 * through the sentinels (`redis+sentinel://` URL), tenant traffic, the primary SIGKILLed. Failover
 * time runs from the kill until the sentinels name a new primary and every instance serves from
 * Redis again. Every acknowledged write is then read back as its tenant: mixed values fail the
 * drill; a write acknowledged before the kill that the promoted replica never received is lost to
 * asynchronous replication and reported as such; any other lost write fails the drill.
 */
export async function failoverDrill(ctx: DrillContext): Promise<DrillOutcome<'drill:failover'>> {
  const { config } = ctx;
  const o = config.failover;
  const service = await loadDrillService(config, ctx.baseDir);
  await using topology = await startSentinelTopology({
    replicas: o.replicas, sentinels: o.sentinels, downAfterMs: o.downAfterMs, failoverTimeoutMs: o.failoverTimeoutMs,
  });
  // No cleanup: the whole topology, keys included, goes when the drill ends.
  const { prefix } = await openRunNamespace(topology.primary);
  await using fleet = await startFleet(service, config, o.instances, topology.url, prefix);
  const failures: string[] = [];
  const exposure = await FleetExposure.plan(ctx, { service, redisUrl: topology.url, namespace: prefix });
  const unexercised = exposure.unexercised();
  if ((await exposure.apply(fleet, true, o.thresholdMs)).ms.includes(undefined)) {
    failures.push("not every instance applied the stage's exposure before the drill");
  }
  const traffic = new TenantTraffic(fleet.clients, config.service.tenants, o.concurrency, randomBytes(3).toString('hex'));
  traffic.phase = 'before';
  traffic.start();
  await sleep(o.trafficMs);
  // Until the writes a stage needs are in (or a request failed: the drill fails anyway). hang guard:
  // a machine too loaded to gather them in a minute more has the drill say how many it got.
  await pollUntil(() => Promise.resolve(traffic.acked.length >= o.minWrites || traffic.tally().failed + traffic.tally().transport > 0), 60_000, 25);

  const killedAt = performance.now();
  topology.killPrimary();
  traffic.phase = 'failing';
  const survivors = await Promise.all(topology.replicas.map((r) => canarySnapshot(r.url, prefix).catch(() => undefined)));
  let sentinelFailoverMs = Number.NaN;
  let promoted: number | undefined;
  const done = await pollUntil(async () => {
    if (promoted === undefined) {
      const now = await topology.currentPrimary();
      if (now === undefined || now.port === topology.primary.port) return false;
      promoted = now.port;
      sentinelFailoverMs = Math.round(performance.now() - killedAt);
    }
    return (await Promise.all(fleet.clients.map((c) => c.redisHealth()))).every((h) => h === 'up');
  }, o.thresholdMs, 25);
  const failoverMs = Math.round(performance.now() - killedAt);
  if (!done) failures.push(`the service was not back on a new primary within ${o.thresholdMs} ms of the kill`);
  else if (failoverMs >= o.thresholdMs) failures.push(`failover took ${failoverMs} ms, over the ${o.thresholdMs} ms threshold`);

  traffic.phase = 'after';
  await sleep(o.trafficMs);
  await traffic.stop();

  const read = await readBack(traffic.acked, fleet.clients, config.service.tenants, exposure.unexposed());
  const kept = survivors[topology.replicas.findIndex((r) => r.port === promoted)];
  const toReplication = read.lost.filter((w) => w.phase === 'before' && kept !== undefined && !kept.has(w.value));
  const byService = read.lost.filter((w) => !toReplication.includes(w));
  const mixedReads = read.mixed.length + read.leaked.length + traffic.crossed.length;
  const tally = traffic.tally();
  const reported = await serviceUnhandled(fleet.clients);
  const unhandledErrors = Math.max(tally.failed + tally.transport, reported ?? 0);
  if (mixedReads > 0) failures.push(`${mixedReads} read(s) showed another tenant's or a wrong value, or showed a tenant's write to another tenant`);
  if (byService.length > 0) failures.push(`${byService.length} acknowledged write(s) lost, not to replication (the promoted replica had them, or they came after the kill)`);
  if (read.unreadable > 0) failures.push(`${read.unreadable} acknowledged write(s) could not be read back`);
  if (unhandledErrors > 0) failures.push(`${unhandledErrors} request(s) failed with an unhandled error (5xx or no answer): the application did not keep working`);
  if (tally.ok === 0) failures.push('no request succeeded');
  return {
    status: failures.length > 0 ? 'fail' : unexercised !== undefined ? 'inconclusive' : 'pass',
    metrics: {
      failoverMs: done ? failoverMs : o.thresholdMs, sentinelFailoverMs: Number.isNaN(sentinelFailoverMs) ? o.thresholdMs : sentinelFailoverMs,
      acknowledgedWrites: traffic.acked.length, lostAcknowledged: read.lost.length, lostToReplication: toReplication.length,
      mixedReads, unhandledErrors, requests: tally.requests,
    },
    details: {
      failures, inconclusive: unexercised === undefined ? [] : [unexercised], fleet: exposure.record(), thresholdMs: o.thresholdMs, instances: fleet.instances.length, downAfterMs: o.downAfterMs,
      primaryPort: topology.primary.port, promotedPort: promoted ?? null, replicaSnapshotTaken: kept !== undefined,
      traffic: traffic.byPhase(), serviceReportedUnhandled: reported,
      readBack: {
        checked: read.checked, intact: read.intact, unreadable: read.unreadable,
        lostToReplication: examples(toReplication), lostByService: examples(byService), mixed: examples([...read.mixed, ...traffic.crossed]), leaked: examples(read.leaked),
      },
      failedRequests: traffic.failures,
    },
  };
}
