// The leakage engine against every target of the config (ISOGATE_CONFIG, default
// isogate.config.ts): a user's way in from vitest. Each target writes its 'leakage' evidence
// record under reports/<run-id>/evidence/ (or ISOGATE_EVIDENCE_DIR), where the gate reads it.
// ISOGATE_SEED fixes the seed, ISOGATE_RUNS the budget; ISOGATE_FAULT seeds a reference fault.
// Run it with `npm run suites` (vitest.suites.config.ts).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { evidenceDir, newRunId, writeEvidence } from '../src/evidence/index.js';
import { leakEvidence, leakageConfigOf, runTargetLeakage } from '../src/leakage/index.js';

const loaded = await loadConfig(process.env['ISOGATE_CONFIG']);
const budget = leakageConfigOf(loaded);
const seedEnv = process.env['ISOGATE_SEED'];
const runsEnv = process.env['ISOGATE_RUNS'];
const dir = process.env['ISOGATE_EVIDENCE_DIR'] ?? evidenceDir(resolve(loaded.dir, loaded.config.reportsDir), newRunId());

describe(`leakage: ${loaded.path}`, () => {
  for (const name of Object.keys(loaded.config.targets)) {
    it(`${name}: no tenant observes another tenant's data`, async () => {
      const startedAt = new Date().toISOString();
      const { kind, result } = await runTargetLeakage(loaded, name, {
        ...(seedEnv === undefined ? {} : { seed: Number(seedEnv) }),
        ...(runsEnv === undefined ? {} : { runs: Number(runsEnv) }),
      });
      const file = await writeEvidence(dir, leakEvidence({
        configPath: loaded.path, targetName: name, kind, startedAt, faultEnv: process.env['ISOGATE_FAULT'],
        budget: { ...budget, ...(runsEnv === undefined ? {} : { runs: Number(runsEnv) }) },
      }, result));
      const o = result.outcome;
      const story = o.status === 'fail'
        ? [...o.counterexample.story, `seed ${o.counterexample.seed}, path ${o.counterexample.path}`, `replay: npx isogate replay ${file}`,
          ...o.counterexample.interleaving.map((s) => `interleaving: ${s}`)].join('\n')
        : o.status === 'error' ? o.message : '';
      expect(o.status, story).toBe('pass');
    }, 600_000);
  }
});
