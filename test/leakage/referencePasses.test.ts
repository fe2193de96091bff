import { afterAll, describe, expect, it } from 'vitest';
import { writeFaultConfig } from './faultConfig.js';
import { runIsogate, tempEvidenceDir } from './runLeakCli.js';

/**
 * Proof: no false alarm. The correct reference service passes `isogate leak`
 * on 20 different seeds of the module target (flips, Redis faults and concurrency included,
 * 40 runs each: 800 scenarios in all, to keep this file's time sane), and on the HTTP target.
 * The default budget (100 runs) on the correct service is exercised by the benchmark and suite.
 */
const config = writeFaultConfig([]);
const evidence = tempEvidenceDir();
afterAll(() => { config.remove(); evidence.remove(); });

const BASE = Number(process.env['ISOGATE_TEST_SEED'] ?? 7000);
const seeds = Array.from({ length: 20 }, (_, i) => BASE + i * 7919);

// One at a time: runs sharing an event loop slow each other's operations past their timeouts, so a
// pass would depend on the machine's load.
describe('the correct reference service passes', () => {
  for (const seed of seeds) {
    it(`module target, seed ${seed}`, async () => {
      const run = await runIsogate(['leak', '--config', config.path, '--target', 'module', '--seed', String(seed), '--runs', '40', '--evidence-dir', `${evidence.dir}/m${seed}`]);
      expect(run.code, `seed ${seed}:\n${run.out}\n${run.err}`).toBe(0);
      expect(run.out).toMatch(/PASS {2}module: no leak in \d+ runs/);
      expect(run.out).toMatch(/leak rate < [\d.]+% at 95% \(rule of three\)/);
    }, 150_000);
  }
  it('HTTP target, two seeds', async () => {
    for (const seed of seeds.slice(0, 2)) {
      const run = await runIsogate(['leak', '--config', config.path, '--target', 'http', '--seed', String(seed), '--runs', '40', '--evidence-dir', `${evidence.dir}/h${seed}`]);
      expect(run.code, `seed ${seed}:\n${run.out}\n${run.err}`).toBe(0);
    }
  }, 150_000);
});
