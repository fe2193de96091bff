import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvidenceDir, readEvidenceFile, writeEvidence, type Evidence } from '../../src/evidence/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isogate-evidence-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (over: Partial<Evidence> = {}): Evidence => ({
  check: 'leakage', target: 'reference', status: 'pass', metrics: { isolationScore: 100 },
  details: {}, seed: 42, startedAt: new Date(0).toISOString(), durationMs: 12, artifacts: [], ...over,
});

describe('evidence files', () => {
  it('round-trip through write and read', async () => {
    const path = await writeEvidence(dir, record());
    expect(await readEvidenceFile(path)).toEqual(record());
    expect(await readEvidenceDir(dir)).toEqual([record()]);
  });

  it('never store a Redis password or a bearer token, whatever the check put in details', async () => {
    const path = await writeEvidence(dir, record({ target: 'secretive', details: { url: 'redis://:pw-123@h:1', header: 'Bearer tok-acme' } }));
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('pw-123');
    expect(text).not.toContain('tok-acme');
  });

  it('reject a file that is not an evidence record, naming the field', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, JSON.stringify({ ...record(), status: 'maybe' }));
    await expect(readEvidenceFile(path)).rejects.toMatchObject({ code: 'ISOGATE_EVIDENCE_INVALID', message: expect.stringContaining('status') });
  });

  it('treat a missing directory as no evidence', async () => {
    expect(await readEvidenceDir(join(dir, 'absent'))).toEqual([]);
  });
});
