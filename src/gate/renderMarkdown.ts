import { describeObservation } from './evaluateCriterion.js';
import type { GateReport } from './GateReport.js';

const ICON = { pass: '✅ pass', fail: '❌ FAIL', inconclusive: '⚠️ inconclusive' } as const;
const BANNER = { GO: '🟢 GO', 'NO-GO': '🔴 NO-GO', INCONCLUSIVE: '🟠 INCONCLUSIVE' } as const;

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function observedText(o: GateReport['outcomes'][number]): string {
  if (o.observations.length === 0) return 'no data';
  return o.observations.map((x) => `${describeObservation(x)}${x.samples === undefined ? '' : ` (n=${x.samples})`}`).join('; ');
}

/** report.md: the same facts as the HTML, for the CI job summary and for reading in a terminal. */
export function renderMarkdown(r: GateReport): string {
  const p = r.provenance;
  const lines = [
    `# ${BANNER[r.verdict]} · ${r.plan.id} / ${r.stage.id}`,
    '',
    `**${cell(r.summary)}**`,
    '',
    `${r.stage.title}: ${r.stage.summary}. Thresholds from \`${r.plan.document}\`.`,
    '',
  ];
  if (r.forced) lines.push('> ⚠️ **Forced**: gated with `--force`, without a GO report of the previous stage for this commit.', '');
  for (const w of r.warnings) lines.push(`> ⚠️ ${cell(w)}`, '');
  lines.push('## Criteria', '', '| | criterion | threshold | observed | why | source |', '|---|---|---|---|---|---|');
  if (r.calendar !== undefined) {
    lines.push(`| ${ICON[r.calendar.status]} | earliest start | not before ${r.calendar.notBefore} | today | ${cell(r.calendar.reason)} | ${cell(r.calendar.source.document)} § ${cell(r.calendar.source.section)} |`);
  }
  for (const f of r.checkFailures) {
    lines.push(`| ${ICON.fail} | check \`${f.check}\` on ${cell(f.target)} | its own verdict | fail | ${cell(f.reason)} | the check |`);
  }
  for (const o of r.outcomes) {
    const c = o.criterion;
    const min = `${c.minSamples === undefined ? '' : ` (n ≥ ${c.minSamples.value} ${c.minSamples.metric})`}${c.overriddenFrom === undefined ? '' : ` **overridden** (plan: ${c.overriddenFrom.value})`}`;
    lines.push(`| ${ICON[o.status]} | \`${c.id}\` ${cell(c.text)} | \`${c.check}\` ${c.metric} ${c.op} ${c.value}${min} | ${cell(observedText(o))} | ${cell(o.reason)} | ${cell(c.source.document)} § ${cell(c.source.section)} |`);
  }
  lines.push('', '## Manual items (attested by QA sign-off, never passed automatically)', '');
  const attested = new Set(r.signoffs.flatMap((s) => s.attests));
  if (r.manual.length === 0) lines.push('none');
  for (const m of r.manual) lines.push(`- [${attested.has(m.id) ? 'x' : ' '}] \`${m.id}\` ${m.text} (${m.source.document} § ${m.source.section})`);
  if (r.signoffs.length > 0) {
    lines.push('', '## Sign-off', '');
    for (const s of r.signoffs) lines.push(`- signed off by **${cell(s.by)}** at ${s.at}${s.note === undefined ? '' : `: ${cell(s.note)}`}`);
  }
  lines.push('', '## Checks run', '', '| check | exit | elapsed | outcome |', '|---|---|---|---|');
  if (r.runs.length === 0) lines.push(`| ${r.evidenceFrom === null ? 'none' : `none: evaluated the evidence already in ${cell(r.evidenceFrom)}`} | | | |`);
  for (const run of r.runs) lines.push(`| \`${cell(run.command)}\` | ${run.exitCode ?? '-'} | ${(run.durationMs / 1000).toFixed(1)} s | ${run.outcome}: ${cell(run.note)} |`);
  lines.push('', '## Evidence', '');
  if (r.evidence.length === 0) lines.push('none');
  for (const e of r.evidence) {
    lines.push(`- ${e.file === undefined ? '(gate record)' : `[${e.file}](${e.file})`}: \`${e.check}\` on ${e.target}, ${e.status}${e.seed === null ? '' : `, seed ${e.seed}`}${e.detail === undefined ? '' : ` — ${cell(e.detail.slice(0, 300))}`}`);
  }
  lines.push('', '## Provenance', '',
    `- commit: \`${p.commit}\``,
    `- config: ${p.configPath ?? '(none)'} sha256 \`${p.configHash}\`; plan sha256 \`${p.planHash}\``,
    `- tools: node ${p.tools.node}, isogate ${p.tools.isogate}, ${p.tools.redis}`,
    `- seeds: ${p.seeds.length === 0 ? 'none' : p.seeds.join(', ')}`,
    `- builds on: ${r.previous === null ? 'no previous report' : `${r.previous.stage} run ${r.previous.runId} (${r.previous.verdict}) sha256 \`${r.previous.sha256}\``}`,
    `- run: ${r.runId}, ${p.startedAt} → ${p.finishedAt}`,
    '');
  return lines.join('\n');
}
