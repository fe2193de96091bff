import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IsogateError } from '../errors/index.js';
import type { GateReport, Signoff } from './GateReport.js';
import { sha256 } from './provenance.js';
import { writeReports } from './writeReports.js';

async function readReport(path: string): Promise<{ report: GateReport; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new IsogateError('ISOGATE_USAGE', `expected a gate report at ${path}, found none`, { hint: 'pass reports/<stage>/<run-id>/report.json' });
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new IsogateError('ISOGATE_USAGE', `expected JSON in ${path}, found text that does not parse`);
  }
  if (typeof json !== 'object' || json === null || (json as { schema?: unknown }).schema !== 'isogate/gate-report@1') {
    throw new IsogateError('ISOGATE_USAGE', `expected an isogate gate report (schema isogate/gate-report@1) in ${path}, found something else`);
  }
  return { report: json as GateReport, bytes };
}

/**
 * A QA sign-off attests the manual items of a GO report; it is refused for NO-GO (exit 1) and
 * INCONCLUSIVE (exit 2): a signature must never turn missing evidence into a GO.
 */
export async function signoffReport(path: string, by: string, options: { note?: string; now?: Date; env?: NodeJS.ProcessEnv } = {}): Promise<{ report: GateReport; signoff: Signoff }> {
  const { report, bytes } = await readReport(path);
  if (report.verdict !== 'GO') {
    const notPassed = [
      ...(report.calendar?.status === 'fail' ? [`earliest start ${report.calendar.notBefore} (fail)`] : []),
      ...(report.checkFailures ?? []).map((f) => `check ${f.check}/${f.target} (fail)`),
      ...report.outcomes.filter((o) => o.status !== 'pass').map((o) => `${o.criterion.id} (${o.status})`),
    ];
    throw new IsogateError('ISOGATE_SIGNOFF_REFUSED', `expected a GO report to sign off, found ${report.verdict}: ${notPassed.join(', ') || 'no measured criterion'}`, {
      exitCode: report.verdict === 'NO-GO' ? 1 : 2,
      hint: 'a sign-off attests manual items only; fix or collect the evidence and gate the stage again',
    });
  }
  const name = by.trim();
  if (name === '') throw new IsogateError('ISOGATE_USAGE', 'expected --by <name>, found an empty name', { hint: 'usage: isogate signoff <report.json> --by <name>' });
  if (report.signoffs.some((s) => s.by === name)) {
    throw new IsogateError('ISOGATE_SIGNOFF_REFUSED', `expected a new signer, found that ${name} already signed off this report`, { exitCode: 3 });
  }
  const signoff: Signoff = {
    by: name, at: (options.now ?? new Date()).toISOString(), attests: report.manual.map((m) => m.id), reportSha256: sha256(bytes),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
  const signoffs = [...report.signoffs, signoff];
  const attested = `; manual items attested by ${signoffs.map((x) => x.by).join(', ')}`;
  const summary = report.summary.replace(/; (\d+ manual items? awaits? QA sign-off|manual items attested by .*)$/, attested);
  const signed: GateReport = { ...report, summary, signoffs };
  await writeReports(signed, dirname(path), options.env ?? {});
  return { report: signed, signoff };
}
