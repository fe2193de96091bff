import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { runTargetLeakage } from '../../src/app/index.js';

/**
 * Concurrency is judged by linearizability: a read that overlaps a delete of the same resource
 * may see it before or after. This replays the counterexample that once turned the correct
 * reference service (over HTTP) into a NO-GO: tenant A's read of its own key, concurrent with
 * A's delete of it, returned 404 and was reported as a lost write.
 */
const SEED = 657229765;
const PATH = '91:8:3:4:4:1:2:3:3:3:1:1:1:1:1:2:2:2:2:2:3:4:4:5:6:6:6:12:21:21';
/**
 * The report kept seed and path only; fast-check also needs which commands ran at each shrink step
 * (its replayPath). Walking the same seed and path with every command of each chosen candidate run
 * (the failure was its last command) reconstructs it: "//:D".
 */
const REPLAY_PATH = '//:D';

describe('linearizability over HTTP', () => {
  it('passes the replay of the read-overlapping-delete counterexample on the correct service', async () => {
    const loaded = await loadConfig(resolve('isogate.config.ts'), process.cwd());
    const { kind, result } = await runTargetLeakage(loaded, 'reference-http', { runs: 1, seed: SEED, path: PATH, replayPath: REPLAY_PATH });
    expect(kind).toBe('http');
    const o = result.outcome;
    expect(o.status, o.status === 'fail' ? o.counterexample.story.join('\n') : JSON.stringify(o)).toBe('pass');
    // The replay ran the recorded scenario (not an empty one): operations happened.
    expect(result.operations).toBeGreaterThan(0);
  }, 120_000);
});
