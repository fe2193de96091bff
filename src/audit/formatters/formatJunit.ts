import { RULE_IDS } from '../AuditRules.js';
import type { AuditReport } from '../runAudit.js';

/** JUnit XML: one test case per rule, failed by its violations (CI systems show it without plugins). */
export function formatJunit(report: AuditReport): string {
  const cases = RULE_IDS.map((rule) => {
    const hits = report.violations.filter((v) => v.rule === rule);
    if (hits.length === 0) return `    <testcase classname="isogate.audit" name="${rule}"/>`;
    const body = hits.map((v) => `${v.file}:${v.line}:${v.column} ${v.message}`).join('\n');
    return [
      `    <testcase classname="isogate.audit" name="${rule}">`,
      `      <failure message="${escape(`${hits.length} violation(s) of ${rule}`)}" type="${rule}">${escape(body)}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  const failures = RULE_IDS.filter((r) => report.violations.some((v) => v.rule === r)).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="isogate audit" tests="${RULE_IDS.length}" failures="${failures}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="isogate audit" tests="${RULE_IDS.length}" failures="${failures}" errors="0" skipped="0" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
