import { pathToFileURL } from 'node:url';
import { RULE_IDS, RULES, type RuleId } from '../AuditRules.js';
import type { ReportedFinding, SuppressedFinding } from '../Finding.js';
import type { AuditReport } from '../runAudit.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for GitHub code scanning: rule metadata, results with partialFingerprints (the
 * line-independent baseline fingerprint) and suppressions carrying their justification.
 */
export function formatSarif(report: AuditReport, toolVersion: string): string {
  const result = (f: ReportedFinding | SuppressedFinding) => ({
    ruleId: f.rule,
    ruleIndex: RULE_IDS.indexOf(f.rule),
    level: 'error' as const,
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(f.file), uriBaseId: SRCROOT },
        region: { startLine: f.line, startColumn: f.column },
      },
    }],
    partialFingerprints: { 'isogateFingerprint/v1': f.fingerprint },
    ...('suppression' in f ? {
      suppressions: [{
        kind: f.suppression.kind === 'allow' ? 'inSource' as const : 'external' as const,
        status: 'accepted' as const,
        justification: f.suppression.justification,
      }],
    } : {}),
  });
  const rule = (id: RuleId) => ({
    id,
    name: id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: RULES[id].description },
    fullDescription: { text: RULES[id].description },
    help: { text: `${RULES[id].description} Fix: ${RULES[id].hint}.`, markdown: `${RULES[id].description}\n\n**Fix:** ${RULES[id].hint}.` },
    defaultConfiguration: { level: 'error' as const },
    properties: { tags: ['security', 'tenant-isolation'], precision: 'high', 'security-severity': '8.0' },
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'isogate-audit',
          version: toolVersion,
          semanticVersion: toolVersion,
          // No informationUri: the package has no published home page to point at; the README ships with it.
          rules: RULE_IDS.map(rule),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.root.endsWith('/') ? report.root : `${report.root}/`).href } },
      results: [...report.violations.map(result), ...report.suppressed.map(result)],
      columnKind: 'utf16CodeUnits',
    }],
  };
  return JSON.stringify(sarif, null, 2);
}
