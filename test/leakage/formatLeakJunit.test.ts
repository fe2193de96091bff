import { describe, expect, it } from 'vitest';
import { formatLeakJunit, type LeakResult } from '../../src/leakage/index.js';

function result(target: string, outcome: unknown): LeakResult {
  return { target, outcome, durationMs: 1500 } as unknown as LeakResult;
}

const READ_LEAK = { story: ['1. acme puts k=<cnry1>', '2. globex lists: sees <cnry1>'], seed: 42, path: '3:1', finding: { class: 'read-leak-value', message: 'globex saw acme\'s "k"' } };
const DELETION = { story: ['1. acme puts k', '2. globex clears', '3. acme gets k: null'], seed: 43, path: '2:1', finding: { class: 'cross-tenant-delete', message: 'acme\'s "k" was deleted by globex clear' } };

describe('leak results as JUnit', () => {
  it('writes one case per target: a pass, a failure with its story and replay command, an error', () => {
    const text = formatLeakJunit([
      { result: result('store', { status: 'pass' }), evidenceFile: '/r/leakage--store.json' },
      {
        result: result('http', {
          status: 'fail',
          counterexample: READ_LEAK,
          counterexamples: [READ_LEAK, DELETION],
        }),
        evidenceFile: '/r/leakage--http.json',
      },
      { result: result('other', { status: 'error', message: 'createStore threw <boom>' }), evidenceFile: '/r/x.json' },
    ]);
    expect(text).toContain('<testsuites name="isogate leak" tests="3" failures="1" errors="1" time="4.500">');
    expect(text).toContain('<testcase classname="isogate.leak" name="store: no cross-tenant leak" time="1.500"/>');
    // One failure per target, naming every distinct class the search found, with each class's story.
    expect(text).toContain('<failure message="read-leak-value, cross-tenant-delete: globex saw acme&apos;s &quot;k&quot;" type="read-leak-value">'.replace('&apos;', "'"));
    expect(text).toContain('3. acme gets k: null');
    expect(text).toContain('seed 43, path 2:1');
    expect(text).toContain('2. globex lists: sees &lt;cnry1&gt;');
    expect(text).toContain('replay: npx isogate replay /r/leakage--http.json');
    expect(text).toContain('<error message="createStore threw &lt;boom&gt;" type="error"/>');
  });
});
