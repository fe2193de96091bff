// The rollout scenario checks (issue 8) against the configured target: the `scenarios` section of
// the config (ISOGATE_CONFIG, default isogate.config.ts), or the bundled reference service.
// Each check writes its evidence record under reports/<run-id>/evidence/ (or ISOGATE_EVIDENCE_DIR),
// where the gate reads it. ISOGATE_SEED fixes the seed; ISOGATE_FAULT seeds a reference fault.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { evidenceDir, newRunId } from '../src/evidence/index.js';
import { SCENARIO_IDS, loadScenarioTargets, runScenarios, scenariosConfigSchema } from '../src/scenarios/index.js';

const loaded = await loadConfig(process.env['ISOGATE_CONFIG']);
const config = scenariosConfigSchema.parse((loaded.config as Record<string, unknown>)['scenarios'] ?? {});
const targets = await loadScenarioTargets(config.module === undefined ? undefined : resolve(loaded.dir, config.module), loaded.dir);
const seed = Number(process.env['ISOGATE_SEED'] ?? Date.now() % 2_147_483_647);
const dir = process.env['ISOGATE_EVIDENCE_DIR'] ?? evidenceDir(resolve(loaded.dir, loaded.config.reportsDir), newRunId());

describe(`rollout scenarios against ${targets.name} (seed ${seed})`, () => {
  for (const scenario of SCENARIO_IDS) {
    it(`${scenario}: no finding`, async () => {
      const [run] = await runScenarios({ scenarios: [scenario], targets, config, seed, evidenceDir: dir });
      const outcome = run?.outcome;
      expect(outcome?.status, outcome?.status === 'fail' ? `${outcome.summary} (evidence: ${run?.evidencePath})` : '').toBe('pass');
    }, 120_000);
  }
});
