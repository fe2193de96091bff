import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findStage, PRESETS } from '../../src/gate/index.js';
import { hasPrometheusBinary, productionConfigSchema, runProduction, type ProductionThreshold } from '../../src/production/index.js';

const dir = mkdtempSync(join(tmpdir(), 'isogate-legacy-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MODULE = fileURLToPath(new URL('../../fixtures/reference-service/index.ts', import.meta.url));

/**
 * tenant-header phase 4 (strict mode, 100%): "legacy header usage telemetry at zero". A rehearsal
 * whose clients still send legacy headers in the compatibility mode sends none in this stage, and
 * passes; one with clients never migrated (`strictLegacyHeaderShare`) fails on the count the
 * service exported, whatever the machine's speed.
 */
describe.skipIf(!hasPrometheusBinary())('legacy tenant headers in a rehearsal of the strict stage', () => {
  const { stage } = findStage(PRESETS['tenant-header'], 'phase-4');
  const thresholds: ProductionThreshold[] = stage.criteria.filter((c) => c.check === 'production').map((c) => ({ id: c.id, metric: c.metric, op: c.op, value: c.value }));

  const rehearse = async (name: string, share: { legacyHeaderShare: number; strictLegacyHeaderShare: number }) => {
    const arm = { module: MODULE, export: 'startReferenceArm', options: { cohort: 'canary', tenantScopedState: true, faults: '' } };
    const config = productionConfigSchema.parse({
      prometheus: 'local', limits: { minRequests: 100, minCoverage: 0.5 },
      rehearsal: { control: arm, canary: arm, canaryInstances: 1, seconds: 10, rps: 60, seed: 11, ...share },
    });
    return runProduction({ config, dir, evidenceDir: join(dir, name), stage: 'phase-4', canaryPercent: 100, thresholds, seed: 11, env: process.env, progress: () => undefined });
  };

  it('passes when the compatibility-mode clients send none in strict mode, fails on clients never migrated', async () => {
    expect(thresholds.map((t) => `${t.metric} ${t.op} ${t.value}`)).toEqual(['legacyHeaderRequests == 0']);
    const migrated = await rehearse('migrated', { legacyHeaderShare: 0.5, strictLegacyHeaderShare: 0 });
    const traffic = (e: typeof migrated) => (e.evidence.details as { traffic: { legacyHeaderRequests: number } }).traffic.legacyHeaderRequests;
    expect(traffic(migrated)).toBe(0);
    expect(migrated.evidence.metrics.legacyHeaderRequests).toBe(0);
    expect(migrated.verdict).toBe('pass');

    const stale = await rehearse('stale', { legacyHeaderShare: 0, strictLegacyHeaderShare: 0.1 });
    expect(traffic(stale)).toBeGreaterThan(0);
    expect(stale.evidence.metrics.legacyHeaderRequests).toBeGreaterThan(0);
    const outcome = (stale.evidence.details as { thresholds: Array<{ status: string; reason: string }> }).thresholds[0];
    expect(outcome?.status).toBe('fail');
    expect(stale.verdict).toBe('fail');
  }, 180_000); // hang guard: two rehearsals (a service process, Redis, Prometheus each) on a busy machine
});
