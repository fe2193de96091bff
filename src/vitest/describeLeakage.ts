import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { leakageConfigOf, runTargetLeakage } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import { evidenceDir, newRunId, writeEvidence } from '../evidence/index.js';
import { leakEvidence } from '../leakage/index.js';

export interface DescribeLeakageOptions {
  /** The config file; default ISOGATE_CONFIG, else isogate.config.ts in the working directory. */
  readonly config?: string | URL;
  /** Which targets of the config; default all of them. */
  readonly targets?: readonly string[];
  /** Default ISOGATE_SEED, else the config's `leakage.seed`, else a fresh seed (printed on failure). */
  readonly seed?: number;
  /** Default ISOGATE_RUNS, else the config's `leakage.runs`. */
  readonly runs?: number;
  /** Where evidence records go; default ISOGATE_EVIDENCE_DIR, else <reportsDir>/<run-id>/evidence/. */
  readonly evidenceDir?: string;
  /** One target's whole search, shrinking included; default 600 s (a hang guard, not a goal). */
  readonly timeoutMs?: number;
}

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

/**
 * Registers one vitest test per configured target that runs the whole leakage search (the same
 * engine, budget and shrinking as `isogate leak`) and writes its 'leakage' evidence record where
 * `isogate gate` reads it. A failure prints the shrunk story, the seed and the replay command.
 * Await it at the top level of a test file.
 */
export async function describeLeakage(options: DescribeLeakageOptions = {}): Promise<void> {
  const file = options.config instanceof URL ? fileURLToPath(options.config) : options.config ?? process.env['ISOGATE_CONFIG'];
  const loaded = await loadConfig(file);
  const budget = leakageConfigOf(loaded);
  const seed = options.seed ?? numberFromEnv('ISOGATE_SEED');
  const runs = options.runs ?? numberFromEnv('ISOGATE_RUNS');
  const dir = options.evidenceDir ?? process.env['ISOGATE_EVIDENCE_DIR'] ?? evidenceDir(resolve(loaded.dir, loaded.config.reportsDir), newRunId());
  const names = options.targets ?? Object.keys(loaded.config.targets);
  describe(`leakage: ${loaded.path}`, () => {
    for (const name of names) {
      it(`${name}: no tenant observes another tenant's data`, async () => {
        const startedAt = new Date().toISOString();
        const { kind, result } = await runTargetLeakage(loaded, name, {
          ...(seed === undefined ? {} : { seed }),
          ...(runs === undefined ? {} : { runs }),
        });
        const written = await writeEvidence(dir, leakEvidence({
          configPath: loaded.path, targetName: name, kind, startedAt, faultEnv: process.env['ISOGATE_FAULT'],
          budget: { ...budget, ...(runs === undefined ? {} : { runs }) },
        }, result));
        const o = result.outcome;
        const story = o.status === 'fail'
          ? [...o.counterexample.story, `seed ${o.counterexample.seed}, path ${o.counterexample.path}`, `replay: npx isogate replay ${written}`,
            ...o.counterexample.interleaving.map((s) => `interleaving: ${s}`)].join('\n')
          : o.status === 'error' ? o.message : '';
        expect(o.status, story).toBe('pass');
      }, options.timeoutMs ?? 600_000);
    }
  });
}
