import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE, type FaultName } from '../../fixtures/faults/index.js';
import { NOT_LEAKAGE, writeFaultConfig } from './faultConfig.js';
import { runIsogate, tempEvidenceDir } from './runLeakCli.js';

/**
 * Proof (issue 3, item 5): `isogate leak` with the DEFAULT budget catches every fault of the
 * catalogue, on the module target and on the HTTP target where the fault is reachable there.
 * Each case starts its own Redis; the seed is printed with any failure.
 */
const LEAK_FAULTS = FAULT_CATALOGUE.filter((f) => NOT_LEAKAGE[f.name] === undefined);
const SEED = Number(process.env['ISOGATE_TEST_SEED'] ?? 20261125);

const cleanups: Array<() => void> = [];
afterAll(() => { for (const c of cleanups) c(); });

async function caught(fault: FaultName, target: 'module' | 'http'): Promise<void> {
  const config = writeFaultConfig([fault]);
  const evidence = tempEvidenceDir();
  cleanups.push(config.remove, evidence.remove);
  const run = await runIsogate(['leak', '--config', config.path, '--target', target, '--seed', String(SEED), '--evidence-dir', evidence.dir]);
  expect(run.code, `fault ${fault} on ${target}, seed ${SEED}:\n${run.out}\n${run.err}`).toBe(1);
  expect(run.out).toMatch(/FAIL {2}\S+: (read-leak-value|read-leak-keys|cross-tenant-write|cross-tenant-delete|shared-storage|outside-namespace|contract|functional)/);
  expect(readdirSync(evidence.dir)).toContain(`leakage--${target}.json`);
  expect(join(evidence.dir, `leakage--${target}.json`)).toBeTruthy();
}

describe.concurrent('every catalogued fault is caught by isogate leak with the default budget', () => {
  for (const fault of LEAK_FAULTS) {
    if (fault.reach !== 'http') it(`${fault.name} on the module target`, () => caught(fault.name, 'module'), 120_000);
    if (fault.reach !== 'module') {
      it(`${fault.name} on the HTTP target`, () => caught(fault.name, 'http'), 120_000);
    }
  }
});
