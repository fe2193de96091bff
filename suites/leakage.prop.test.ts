// An example a user copies: the leakage property itself under fast-check's `test.prop`, the form
// `isogate leak` prints to replay a counterexample (add `seed` and `path` to the options).
// ISOGATE_CONFIG names the config (default isogate.config.ts); ISOGATE_TARGET the target.
import { afterAll } from 'vitest';
import { openLeakScenarioFromConfig, test } from 'isogate/vitest';

const s = await openLeakScenarioFromConfig(process.env['ISOGATE_CONFIG'] ?? 'isogate.config.ts', process.env['ISOGATE_TARGET'] ?? 'reference');
afterAll(() => s.close());

test.prop([s.arbitrary], { numRuns: 20, endOnFailure: true })('no cross-tenant leak', (v) => s.property(v), 300_000);
