import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drillsConfigSchema, type DrillsConfigInput } from '../../src/drills/index.js';
import { runDrill } from '../../src/drills/runDrill.js';

const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

function cohortRun(input: DrillsConfigInput, baseDir = process.cwd()): ReturnType<typeof runDrill> {
  const config = drillsConfigSchema.parse({ ...input, cohort: { numRuns: 100, statisticalRuns: 1, samples: 5_000, ...input.cohort } });
  return runDrill('cohort', { config, baseDir, seed: 42, log: () => undefined });
}

function failedProperties(details: unknown): string[] {
  const props = (details as { properties: Array<{ property: string; status: string; seed: number; message?: string }> }).properties;
  const failed = props.filter((p) => p.status === 'fail');
  for (const p of failed) console.log(`cohort property ${p.property} failed with seed ${p.seed}: ${p.message}`);
  return failed.map((p) => p.property);
}

describe('the cohort drill', () => {
  it('passes all six properties on the reference cohort function', async () => {
    const evidence = await cohortRun({});
    expect(failedProperties(evidence.details)).toEqual([]);
    expect(evidence).toMatchObject({ check: 'drill:cohort', status: 'pass', metrics: { properties: 6, failures: 0 }, seed: 42 });
  });

  it('catches the cohort-not-monotone fault, and only through monotonicity', async () => {
    const evidence = await cohortRun({ service: { faults: ['cohort-not-monotone'] } });
    expect(evidence.status).toBe('fail');
    expect(failedProperties(evidence.details)).toEqual(['monotone']);
  });

  it('checks a user module declared in config, and catches a cohort that ignores the flag, the allow-list and fractions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isogate-cohort-'));
    dirs.push(dir);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'cohort.mjs'), [
      "import { createHash } from 'node:crypto';",
      // Common mistakes: bucketing on the user alone (every flag gets the same users), whole
      // percentages only (the 0.1% pilot gets nobody), and no allow-list.
      'export const pick = ({ userId, percentage }) => (createHash("md5").update(userId).digest().readUInt32BE(0) / 2 ** 32) * 100 < Math.floor(percentage);',
    ].join('\n'));
    const evidence = await cohortRun({ cohort: { module: './cohort.mjs', export: 'pick' } }, dir);
    expect(evidence.target).toBe('./cohort.mjs#pick');
    expect(failedProperties(evidence.details).sort()).toEqual(['allow-listed-always-in', 'independent-across-flags', 'share-within-binomial-tolerance']);
  });
});
