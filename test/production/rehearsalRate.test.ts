// The rehearsal's rate: the configured one where the machine has room for it, else a share of what
// the fleets answered in the capacity probe; and the probe stops once it has seen enough.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isIsogateError } from '../../src/errors/index.js';
import {
  hasPrometheusBinary, PROBE_MAX_SLICES, probeSettled, productionConfigSchema, rehearsalRate, rehearseProduction,
} from '../../src/production/index.js';

describe('rehearsalRate', () => {
  it('keeps the configured rate when the share of the probed capacity is no less', () => {
    const r = rehearsalRate({ configured: 1500, capacityShare: 0.7, probedRps: 2342 });
    expect(r).toMatchObject({ rps: 1500, probedRps: 2342 });
    expect(r.reason).toContain('the configured 1500 req/s');
  });

  it('asks for the share of the probed capacity when the configured rate leaves no room, and says why', () => {
    const r = rehearsalRate({ configured: 1500, capacityShare: 0.7, probedRps: 1721.4 });
    expect(r.rps).toBe(1204);
    expect(r.probedRps).toBe(1721);
    expect(r.reason).toMatch(/^1204 req\/s, 70% of the 1721 req\/s .* less than the configured 1500 req\/s$/);
  });

  it('asks for the configured rate without a probe, and never for less than one request a second', () => {
    expect(rehearsalRate({ configured: 60, capacityShare: 0.5 })).toEqual({ rps: 60, reason: 'the configured 60 req/s (no probe)' });
    expect(rehearsalRate({ configured: 60, capacityShare: 0.5, probedRps: 0 }).rps).toBe(1);
  });
});

describe('probeSettled', () => {
  it('stops as soon as a slice shows room for the rate wanted', () => {
    expect(probeSettled([], 2143)).toBe(false);
    expect(probeSettled([1109, 1300], 2143)).toBe(false);
    expect(probeSettled([1109, 1300, 2200], 2143)).toBe(true);
  });

  it('goes on through a pause in the climb, and stops at its last slice whatever it saw', () => {
    const climb = [1021, 1317, 1453, 1719, 1721];
    expect(probeSettled(climb, 2143)).toBe(false);
    expect(probeSettled(Array.from({ length: PROBE_MAX_SLICES - 1 }, () => 10), 2143)).toBe(false);
    expect(probeSettled(Array.from({ length: PROBE_MAX_SLICES }, () => 10), 2143)).toBe(true);
  });
});

const MODULE = fileURLToPath(new URL('../../fixtures/reference-service/index.ts', import.meta.url));

describe.skipIf(!hasPrometheusBinary())('a rehearsal on fleets that cannot carry its configured rate', () => {
  it('probes them, asks for its share of what they answered, and plans its traffic at that rate', async () => {
    const arm = { module: MODULE, export: 'startReferenceArm', options: { cohort: 'canary', tenantScopedState: true, faults: '' } };
    // No machine answers a million requests a second: the rate must come down to the probe's.
    const config = productionConfigSchema.parse({ rehearsal: { control: arm, canary: arm, canaryInstances: 1, seconds: 2, rps: 1_000_000, capacityShare: 0.5 } }).rehearsal;
    const lines: string[] = [];
    const rehearsal = await rehearseProduction({ config, dir: process.cwd(), canaryPercent: 100, seed: 3, env: process.env, progress: (l) => lines.push(l) });
    await rehearsal.stop();
    const probed = rehearsal.rate.probedRps ?? 0;
    expect(probed).toBeGreaterThan(0);
    // not timing: the rate is arithmetic on the probe's own figure (rounded in the record, hence ±1)
    expect(Math.abs(rehearsal.rate.rps - Math.floor(probed * 0.5))).toBeLessThanOrEqual(1);
    expect(rehearsal.traffic.planned).toBe(Math.round(rehearsal.rate.rps * 2));
    expect(lines.join('\n')).toMatch(new RegExp(`capacity probe, ${PROBE_MAX_SLICES} closed-loop slice\\(s\\) of 1 s`));
    expect(lines.join('\n')).toContain('less than the configured 1000000 req/s');
  }, 120_000); // hang guard: a service process and Prometheus starting on a busy machine
});

/** A loopback port nothing listens on: a server bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.skipIf(!hasPrometheusBinary())('a rehearsal whose fleets answer nothing', () => {
  it('stops at its first probe slice with ISOGATE_SERVICE_START_FAILED, naming the fleets, instead of rehearsing at one request a second', async () => {
    const arm = { url: `http://127.0.0.1:${await closedPort()}` };
    const config = productionConfigSchema.parse({ rehearsal: { control: arm, canary: arm, canaryInstances: 1, seconds: 600, rps: 100 } }).rehearsal;
    const lines: string[] = [];
    const error: unknown = await rehearseProduction({ config, dir: process.cwd(), canaryPercent: 100, seed: 3, env: process.env, progress: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(isIsogateError(error) && error.code).toBe('ISOGATE_SERVICE_START_FAILED');
    expect(String((error as Error).message)).toMatch(/all \d+ requests of the capacity probe got no answer/);
    expect(isIsogateError(error) && error.hint).toContain(arm.url);
    expect(lines.some((l) => l.includes('of traffic at'))).toBe(false);
  }, 60_000); // hang guard only
});
