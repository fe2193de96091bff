import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openRunNamespace, startLocalRedisServer, type RunningRedis } from '../redis/index.js';
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
 * A Redis that survives being killed with what it acknowledged (AOF, fsync always), as a
 * production one does, restarted on the same port: the drill rehearses an outage, not data loss.
 */
function durableRedis(dataDir: string, port?: number): Promise<RunningRedis> {
  return startLocalRedisServer({ port, args: ['--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'always'] });
}

/**
 * "Global fallback mode confirmed functional": under tenant traffic with the flag on, Redis is
 * SIGKILLed; the service must keep answering from its fallback with no unhandled error; Redis is
 * brought back on the same port and the time until every instance serves from it again is the
 * recovery time. Every acknowledged write is then read back: none lost, none crossed.
 */
export async function fallbackDrill(ctx: DrillContext): Promise<DrillOutcome<'drill:fallback'>> {
  const { config } = ctx;
  const o = config.fallback;
  const service = await loadDrillService(config, ctx.baseDir);
  const dataDir = mkdtempSync(join(tmpdir(), 'isogate-fallback-'));
  let redis: RunningRedis | undefined;
  try {
    redis = await durableRedis(dataDir);
    const { url, port } = redis;
    await using ns = await openRunNamespace(redis);
    await using fleet = await startFleet(service, config, o.instances, url, ns.prefix);
    const failures: string[] = [];
    const exposure = await FleetExposure.plan(ctx, { service, redisUrl: url, namespace: ns.prefix });
    const unexercised = exposure.unexercised();
    if ((await exposure.apply(fleet, true, o.recoveryTimeoutMs)).ms.includes(undefined)) {
      failures.push("not every instance applied the stage's exposure before the drill");
    }
    const traffic = new TenantTraffic(fleet.clients, config.service.tenants, o.concurrency, randomBytes(3).toString('hex'));
    traffic.phase = 'up';
    traffic.start();
    await sleep(o.trafficMs);

    traffic.phase = 'down';
    if (redis.pid !== undefined) process.kill(redis.pid, 'SIGKILL');
    await redis.stop();
    // Noticing the outage gets the same budget as noticing the return: how fast depends on the machine.
    const sawDown = await pollUntil(async () => (await Promise.all(fleet.clients.map((c) => c.redisHealth()))).every((h) => h === 'down'), o.recoveryTimeoutMs, 25);
    await sleep(o.outageMs);

    traffic.phase = 'recovering';
    redis = await durableRedis(dataDir, port);
    const back = performance.now();
    const recovered = await pollUntil(async () => (await Promise.all(fleet.clients.map((c) => c.redisHealth()))).every((h) => h === 'up'), o.recoveryTimeoutMs, 25);
    const recoveryMs = Math.round(performance.now() - back);
    traffic.phase = 'recovered';
    await sleep(o.trafficMs / 2);
    await traffic.stop();

    const read = await readBack(traffic.acked, fleet.clients, config.service.tenants, exposure.unexposed());
    const tally = traffic.tally();
    const outage = traffic.tally('down');
    const reported = await serviceUnhandled(fleet.clients);
    const unhandledErrors = Math.max(tally.failed + tally.transport, reported ?? 0);
    const crossedWrites = read.mixed.length + read.leaked.length + traffic.crossed.length;
    if (!sawDown) failures.push(`not every instance reported Redis down within ${o.recoveryTimeoutMs} ms of the kill: the outage was not observed`);
    if (outage.ok === 0) failures.push('no request succeeded while Redis was down: the fallback did not serve');
    if (unhandledErrors > 0) failures.push(`${unhandledErrors} request(s) failed with an unhandled error (5xx or no answer)`);
    if (!recovered) failures.push(`not every instance was back on Redis within ${o.recoveryTimeoutMs} ms of its return`);
    if (read.lost.length > 0) failures.push(`${read.lost.length} acknowledged write(s) lost`);
    if (crossedWrites > 0) failures.push(`${crossedWrites} read(s) showed another tenant's or a wrong value, or showed a tenant's write to another tenant`);
    return {
      status: failures.length > 0 ? 'fail' : unexercised !== undefined ? 'inconclusive' : 'pass',
      metrics: {
        unhandledErrors, errorCount: tally.refused + tally.failed + tally.transport, recoveryMs, requests: tally.requests,
        lostWrites: read.lost.length, crossedWrites, servedDuringOutage: outage.ok,
      },
      details: {
        failures, inconclusive: unexercised === undefined ? [] : [unexercised], fleet: exposure.record(), outageMs: o.outageMs, recoveryTimeoutMs: o.recoveryTimeoutMs, instances: fleet.instances.length,
        traffic: traffic.byPhase(), serviceReportedUnhandled: reported,
        readBack: { checked: read.checked, intact: read.intact, unreadable: read.unreadable, lost: examples(read.lost), mixed: examples([...read.mixed, ...traffic.crossed]), leaked: examples(read.leaked) },
        failedRequests: traffic.failures,
      },
    };
  } finally {
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
