import type { LeakResult } from './runLeakScenario.js';

export interface LeakJunitCase {
  readonly result: LeakResult;
  /** The evidence file the run wrote, named in a failure so CI shows how to replay it. */
  readonly evidenceFile: string;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * JUnit XML for `isogate leak --junit F`: one test case per target, failed by a finding (with its
 * shrunk story, seed and replay command), errored when the search could not run. CI systems show
 * it as a test report without plugins.
 */
export function formatLeakJunit(cases: readonly LeakJunitCase[]): string {
  const body = cases.map(({ result, evidenceFile }) => {
    const o = result.outcome;
    const open = `    <testcase classname="isogate.leak" name="${xml(`${result.target}: no cross-tenant leak`)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
    if (o.status === 'pass') return `${open}/>`;
    if (o.status === 'error') return `${open}><error message="${xml(o.message)}" type="error"/></testcase>`;
    const c = o.counterexample;
    // Every distinct finding class the search met, each with its own shrunk story.
    const text = o.counterexamples.flatMap((x) => [...x.story, `seed ${x.seed}, path ${x.path}`, ''])
      .concat(`replay: npx isogate replay ${evidenceFile}`).join('\n');
    const classes = o.counterexamples.map((x) => x.finding.class).join(', ');
    return `${open}><failure message="${xml(`${classes}: ${c.finding.message}`)}" type="${xml(c.finding.class)}">${xml(text)}</failure></testcase>`;
  });
  const failures = cases.filter((c) => c.result.outcome.status === 'fail').length;
  const errors = cases.filter((c) => c.result.outcome.status === 'error').length;
  const time = (cases.reduce((t, c) => t + c.result.durationMs, 0) / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="isogate leak" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="isogate leak" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time}">`,
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
