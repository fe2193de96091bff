import { describe, expect, it } from 'vitest';
import { formatLeakJunit, type LeakResult } from '../../src/leakage/index.js';

function result(target: string, outcome: unknown): LeakResult {
  return { target, outcome, durationMs: 1500 } as unknown as LeakResult;
}

describe('leak results as JUnit', () => {
  it('writes one case per target: a pass, a failure with its story and replay command, an error', () => {
    const text = formatLeakJunit([
      { result: result('store', { status: 'pass' }), evidenceFile: '/r/leakage--store.json' },
      {
        result: result('http', {
          status: 'fail',
          counterexample: { story: ['1. acme puts k=<cnry1>', '2. globex lists: sees <cnry1>'], seed: 42, path: '3:1', finding: { kind: 'leak', message: 'globex saw acme\'s "k"' } },
        }),
        evidenceFile: '/r/leakage--http.json',
      },
      { result: result('other', { status: 'error', message: 'createStore threw <boom>' }), evidenceFile: '/r/x.json' },
    ]);
    expect(text).toContain('<testsuites name="isogate leak" tests="3" failures="1" errors="1" time="4.500">');
    expect(text).toContain('<testcase classname="isogate.leak" name="store: no cross-tenant leak" time="1.500"/>');
    expect(text).toContain('<failure message="leak: globex saw acme&apos;s &quot;k&quot;"'.replace('&apos;', "'"));
    expect(text).toContain('2. globex lists: sees &lt;cnry1&gt;');
    expect(text).toContain('replay: npx isogate replay /r/leakage--http.json');
    expect(text).toContain('<error message="createStore threw &lt;boom&gt;" type="error"/>');
  });
});
