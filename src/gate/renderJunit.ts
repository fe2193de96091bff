import { observedText } from './renderMarkdown.js';
import type { GateReport } from './GateReport.js';

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** junit.xml: one test case per criterion; a failure per failed one, skipped for inconclusive. */
export function renderJunit(r: GateReport): string {
  const suite = `${r.plan.id}.${r.stage.id}`;
  const cases = r.outcomes.map((o) => {
    const c = o.criterion;
    const name = `${c.id}: ${c.check} ${c.metric} ${c.op} ${c.value}`;
    const body = `${o.reason}\nobserved: ${observedText(o)}\nsource: ${c.source.document} § ${c.source.section}`;
    const inner = o.status === 'fail'
      ? `<failure message="${xml(o.reason)}" type="NO-GO">${xml(body)}</failure>`
      : o.status === 'inconclusive' ? `<skipped message="INCONCLUSIVE: ${xml(o.reason)}"/>` : '';
    return `    <testcase classname="${xml(suite)}" name="${xml(name)}" time="0">${inner}</testcase>`;
  });
  if (r.calendar !== undefined) {
    const inner = r.calendar.status === 'fail' ? `<failure message="${xml(r.calendar.reason)}" type="NO-GO"/>` : '';
    cases.unshift(`    <testcase classname="${xml(suite)}" name="earliest start ${xml(r.calendar.notBefore)}" time="0">${inner}</testcase>`);
  }
  for (const f of r.checkFailures) {
    cases.push(`    <testcase classname="${xml(suite)}" name="check ${xml(f.check)} on ${xml(f.target)}" time="0"><failure message="${xml(f.reason)}" type="NO-GO"/></testcase>`);
  }
  const failures = r.counts.fail + (r.calendar?.status === 'fail' ? 1 : 0) + r.checkFailures.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="isogate gate" tests="${cases.length}" failures="${failures}" skipped="${r.counts.inconclusive}">`,
    `  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" skipped="${r.counts.inconclusive}" errors="0" timestamp="${xml(r.provenance.startedAt)}">`,
    '    <properties>',
    `      <property name="verdict" value="${r.verdict}"/>`,
    `      <property name="commit" value="${xml(r.provenance.commit)}"/>`,
    `      <property name="configHash" value="${r.provenance.configHash}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
