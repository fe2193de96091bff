import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { evidenceDir, newRunId } from '../evidence/index.js';
import { SCENARIO_IDS, loadScenarioTargets, runScenarios, scenariosConfigSchema, type ScenarioId } from '../scenarios/index.js';

export interface DescribeScenariosOptions {
  /** The config file; default ISOGATE_CONFIG, else isogate.config.ts in the working directory. */
  readonly config?: string | URL;
  /** Which scenarios; default all. */
  readonly scenarios?: readonly ScenarioId[];
  /** Default ISOGATE_SEED, else a fresh seed (named in the suite's title). */
  readonly seed?: number;
  /** Where evidence records go; default ISOGATE_EVIDENCE_DIR, else <reportsDir>/<run-id>/evidence/. */
  readonly evidenceDir?: string;
  /** One scenario's run; default 120 s (a hang guard, not a goal). */
  readonly timeoutMs?: number;
}

/**
 * Registers one vitest test per rollout scenario (keyspace migration, tenant header, tenant
 * retrieval) against the `scenarios.module` of the config, writing each check's evidence record
 * where `isogate gate` reads it. Await it at the top level of a test file.
 */
export async function describeScenarios(options: DescribeScenariosOptions = {}): Promise<void> {
  const file = options.config instanceof URL ? fileURLToPath(options.config) : options.config ?? process.env['ISOGATE_CONFIG'];
  const loaded = await loadConfig(file);
  const config = scenariosConfigSchema.parse(loaded.config.scenarios ?? {});
  const targets = await loadScenarioTargets(config.module === undefined ? undefined : resolve(loaded.dir, config.module), loaded.dir);
  const seed = options.seed ?? Number(process.env['ISOGATE_SEED'] ?? Date.now() % 2_147_483_647);
  const dir = options.evidenceDir ?? process.env['ISOGATE_EVIDENCE_DIR'] ?? evidenceDir(resolve(loaded.dir, loaded.config.reportsDir), newRunId());
  describe(`rollout scenarios against ${targets.name} (seed ${seed})`, () => {
    for (const scenario of options.scenarios ?? SCENARIO_IDS) {
      it(`${scenario}: no finding`, async () => {
        const [run] = await runScenarios({ scenarios: [scenario], targets, config, seed, evidenceDir: dir });
        const outcome = run?.outcome;
        expect(outcome?.status, outcome?.status === 'fail' ? `${outcome.summary} (evidence: ${run?.evidencePath})` : '').toBe('pass');
      }, options.timeoutMs ?? 120_000);
    }
  });
}
