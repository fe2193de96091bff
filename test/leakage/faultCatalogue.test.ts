import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE, type FaultName } from '../../fixtures/faults/index.js';
import { NOT_LEAKAGE, writeFaultConfig } from './faultConfig.js';
import { runIsogate, tempEvidenceDir } from './runLeakCli.js';

/**
 * Proof: `isogate leak` with the DEFAULT budget catches every fault of the
 * catalogue, on the module target and on the HTTP target where the fault is reachable there.
 * Each case starts its own Redis; the seed is printed with any failure.
 */
const LEAK_FAULTS = FAULT_CATALOGUE.filter((f) => NOT_LEAKAGE[f.name] === undefined);
const SEED = Number(process.env['ISOGATE_TEST_SEED'] ?? 20261125);

const cleanups: Array<() => void> = [];
afterAll(() => { for (const c of cleanups) c(); });

async function caught(fault: FaultName, target: 'module' | 'http'): Promise<void> {
  // The first finding is what this proves; the search for further classes after it has its own tests.
  const config = writeFaultConfig([fault], { runsAfterFinding: 0 });
  const evidence = tempEvidenceDir();
  cleanups.push(config.remove, evidence.remove);
  const run = await runIsogate(['leak', '--config', config.path, '--target', target, '--seed', String(SEED), '--evidence-dir', evidence.dir]);
  expect(run.code, `fault ${fault} on ${target}, seed ${SEED}:\n${run.out}\n${run.err}`).toBe(1);
  // The first class printed is the one the evidence's primary counterexample carries.
  const said = /FAIL {2}\S+: (read-leak-value|read-leak-keys|cross-tenant-write|cross-tenant-delete|shared-storage|outside-namespace|contract|functional)/.exec(run.out);
  expect(said, run.out).not.toBeNull();
  expect(readdirSync(evidence.dir)).toContain(`leakage--${target}.json`);
  // The evidence file says what the command printed: a failed leakage check of this target, with its counterexample.
  const record = JSON.parse(readFileSync(join(evidence.dir, `leakage--${target}.json`), 'utf8')) as {
    check: string; target: string; status: string; seed: number; metrics: Record<string, number>;
    details: { counterexample: { finding: { class: string }; length: number; story: string[] } };
  };
  expect(record).toMatchObject({ check: 'leakage', target, status: 'fail', seed: SEED });
  expect(record.details.counterexample.finding.class).toBe(said?.[1]);
  expect(record.details.counterexample.length).toBeGreaterThan(0);
  expect(record.metrics['counterexampleLength']).toBe(record.details.counterexample.length);
  expect(record.details.counterexample.story.at(-1)).toMatch(new RegExp(`^✗ ${said?.[1] ?? ''}: `));
}

// One at a time: runs sharing an event loop slow each other's operations, and which interleavings a
// seed's search meets would then depend on the machine's load.
describe('every catalogued fault is caught by isogate leak with the default budget', () => {
  for (const fault of LEAK_FAULTS) {
    if (fault.reach !== 'http') it(`${fault.name} on the module target`, () => caught(fault.name, 'module'), 120_000);
    if (fault.reach !== 'module') {
      it(`${fault.name} on the HTTP target`, () => caught(fault.name, 'http'), 120_000);
    }
  }
});
