import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CommandIO } from '../../src/cli/index.js';
import { readEvidenceDir } from '../../src/evidence/index.js';
import { startLocalRedisServer, type RunningRedis } from '../../src/redis/index.js';

let redis: RunningRedis;
let dir: string;

beforeAll(async () => {
  redis = await startLocalRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'isogate-scenario-cli-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function io(env: Record<string, string> = {}): CommandIO & { lines: string[] } {
  const lines: string[] = [];
  // No config file in `dir`: the bundled reference service is the target.
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: dir, env: { PATH: process.env['PATH'] ?? '', REDIS_URL: redis.url, ...env } };
}

describe('isogate scenario', () => {
  it.each([[[]], [['nope']], [['keyspace-migration', 'tenant-header']], [['keyspace-migration', '--runs', 'x']], [['all', '--bogus']]])(
    'exits 3 on usage errors (%j)', async (args) => {
      const cli = io();
      expect(await main(['scenario', ...args], cli)).toBe(3);
      expect(cli.lines.join('\n')).toContain('ISOGATE_USAGE');
    });

  it('exits 3 on a fault name no catalogue knows, rather than passing a run that seeded nothing', async () => {
    const cli = io({ ISOGATE_FAULT: 'list-uses-keyz' });
    expect(await main(['scenario', 'keyspace-migration', '--runs', '1', '--evidence-dir', join(dir, 'ev-typo')], cli)).toBe(3);
    expect(cli.lines.join('\n')).toContain('list-uses-keyz');
  });

  it('exits 0 on the correct reference service and writes passing evidence', async () => {
    const cli = io();
    const evidence = join(dir, 'ev-pass');
    expect(await main(['scenario', 'keyspace-migration', '--runs', '3', '--seed', '9', '--evidence-dir', evidence], cli), cli.lines.join('\n')).toBe(0);
    const [record] = await readEvidenceDir(evidence);
    expect(record).toMatchObject({ check: 'keyspace-migration', target: 'reference-service', status: 'pass', seed: 9 });
    expect(record?.metrics['keysCommands']).toBe(0);
  });

  it('exits 1 when ISOGATE_FAULT seeds a fault, with the finding in the evidence', async () => {
    const cli = io({ ISOGATE_FAULT: 'list-uses-keys' });
    const evidence = join(dir, 'ev-fail');
    expect(await main(['scenario', 'keyspace-migration', '--runs', '3', '--seed', '9', '--evidence-dir', evidence], cli)).toBe(1);
    const [record] = await readEvidenceDir(evidence);
    expect(record?.status).toBe('fail');
    expect(record?.metrics['keysCommands']).toBeGreaterThan(0);
    expect(cli.lines.join('\n')).toContain('KEYS');
  });
});
