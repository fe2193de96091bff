import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFaultConfig } from './faultConfig.js';
import { runIsogate, tempEvidenceDir } from './runLeakCli.js';

/**
 * A leak that shows only under one interleaving (ambient-tenant) is found, shrunk to a short
 * story with its interleaving, written as evidence with the isolation score, and `isogate replay`
 * reproduces it exactly from the evidence file alone.
 */
const config = writeFaultConfig(['ambient-tenant']);
const evidence = tempEvidenceDir();
afterAll(() => { config.remove(); evidence.remove(); });

describe('leak evidence and replay', () => {
  it('finds the concurrency-only leak, and isogate replay reproduces it', async () => {
    const seed = Number(process.env['ISOGATE_TEST_SEED'] ?? 424242);
    const leak = await runIsogate(['leak', '--config', config.path, '--target', 'module', '--seed', String(seed), '--evidence-dir', evidence.dir]);
    expect(leak.code, `seed ${seed}:\n${leak.out}`).toBe(1);
    expect(leak.out).toContain('‖');
    expect(leak.out).toMatch(/interleaving: concurrently\[/);
    const file = join(evidence.dir, 'leakage--module.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as {
      status: string; metrics: Record<string, number>;
      details: { counterexample: { story: string[]; testProp: string[]; seed: number; path: string; length: number } };
    };
    expect(record.status).toBe('fail');
    expect(record.metrics['isolationScore']).toBeLessThan(100);
    expect(record.metrics['leaks']).toBeGreaterThan(0);
    // How far shrinking gets depends on its time budget, so no length is asserted: the counterexample
    // is a story of two tenants' operations at least, one numbered line per operation, and replaying it fails.
    const operations = record.details.counterexample.story.filter((l) => /^\s*\d+\./.test(l));
    expect(operations).toHaveLength(record.details.counterexample.length);
    expect(record.details.counterexample.length).toBeGreaterThanOrEqual(2);
    expect(record.details.counterexample.testProp.join('\n')).toMatch(/test\.prop\(\[s\.arbitrary\], \{ seed: -?\d+, path: "[\d:]+", endOnFailure: true \}\)/);
    const replay = await runIsogate(['replay', file]);
    expect(replay.code, replay.out + replay.err).toBe(1);
    expect(replay.out).toMatch(/reproduced: (read-leak-value|read-leak-keys|cross-tenant-write|cross-tenant-delete|shared-storage|outside-namespace)/);
    const shown = replay.out.split('\n').filter((l) => /^\s+\d+\./.test(l)).map((l) => l.trim());
    const recorded = record.details.counterexample.story.filter((l) => /^\s*\d+\./.test(l)).map((l) => l.trim());
    expect(shown.map((l) => l.replace(/cnry\d+/g, 'cnry'))).toEqual(recorded.map((l) => l.replace(/cnry\d+/g, 'cnry')));
  }, 120_000);

  it('refuses a config with a bad leakage section (exit 3)', async () => {
    const bad = writeFaultConfig([], { runs: -1 });
    try {
      const run = await runIsogate(['leak', '--config', bad.path]);
      expect(run.code).toBe(3);
      expect(run.err).toMatch(/runs/);
    } finally {
      bad.remove();
    }
  });
});
