import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIO } from '../../src/cli/index.js';
import { readEvidenceDir } from '../../src/evidence/index.js';
import { evaluateStage, findStage, PRESETS } from '../../src/gate/index.js';
import { hasPrometheusBinary } from '../../src/production/index.js';

const dir = mkdtempSync(join(tmpdir(), 'isogate-canary-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MODULE = fileURLToPath(new URL('../../fixtures/reference-service/index.ts', import.meta.url));

/**
 * request-isolation's canary stage, production check as the gate runs it (the stage's argv, its
 * thresholds, a local rehearsal at 10%), with a short rehearsal of the test's own: the canary
 * fleet alone runs `bola-by-id`, the baseline and the control are correct. The stage's verdict is
 * then taken by the gate's own evaluation from the evidence written.
 */
describe.skipIf(!hasPrometheusBinary())('the canary stage of request-isolation on a leaking canary', () => {
  it('is NO-GO on the production isolation score, and the verdict follows from the counted violations', async () => {
    const arm = (cohort: string, faults: string) => ({ module: MODULE, export: 'startReferenceArm', options: { cohort, tenantScopedState: true, faults } });
    const config = join(dir, 'isogate.config.mjs');
    writeFileSync(config, `export default ${JSON.stringify({
      production: {
        prometheus: 'local',
        rehearsal: { control: arm('control', ''), canary: arm('canary', 'bola-by-id'), instances: 1, canaryInstances: 1, seconds: 15, rps: 200, crossTenantShare: 0.2, seed: 7 },
        // A short window on a shared machine: fewer requests, and the first scrapes may come late.
        limits: { minRequests: 100, minCoverage: 0.5 },
      },
    })};\n`);
    const plan = PRESETS['request-isolation'];
    const { stage } = findStage(plan, 'canary');
    const argv = stage.runs.find((r) => r.id === 'production')?.argv ?? [];
    expect(argv).toEqual(['production', '--plan', 'request-isolation', '--stage', 'canary', '--canary-percent', '10']);
    const evidenceDir = join(dir, 'evidence');
    const lines: string[] = [];
    const io: CommandIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: dir, env: process.env };
    const code = await main([...argv, '--config', config, '--evidence-dir', evidenceDir], io);
    const evidence = await readEvidenceDir(evidenceDir);
    const [e] = evidence;
    expect(e?.check, lines.join('\n')).toBe('production');
    expect(e?.metrics.rehearsal).toBe(1);
    const traffic = (e?.details as { traffic: { sent: Record<string, number>; rps: number; probedRps: number; rpsWhy: string } }).traffic;
    expect(traffic.sent.canary).toBeGreaterThan(0);
    // The record says at what rate the traffic ran and why: the configured one, or less after the capacity probe.
    expect(traffic.probedRps).toBeGreaterThan(0);
    // not timing: a rate the rehearsal chose, never more than the one configured
    expect(traffic.rps).toBeLessThanOrEqual(200);
    expect(traffic.rpsWhy).toMatch(/req\/s/);
    // The evidence: violations counted by the canary, and an isolation score whose whole interval is under 99.5.
    expect(e?.metrics.isolationViolations).toBeGreaterThan(0);
    // not timing: a score; every cross-tenant read the leaking canary serves is a violation, about a fifth of its requests.
    expect(e?.metrics['isolationScore.hi']).toBeLessThan(99.5);
    const verdict = evaluateStage(stage, evidence);
    const isolation = verdict.outcomes.find((o) => o.criterion.id === 'canary.production-isolation-score');
    expect(isolation?.status).toBe('fail');
    expect(verdict.verdict).toBe('NO-GO');
    expect(code).toBe(1);
  }, 150_000); // hang guard: three service processes, Redis and Prometheus starting on a busy machine
});
