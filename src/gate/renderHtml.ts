import { describeObservation } from './evaluateCriterion.js';
import type { GateReport } from './GateReport.js';
import { ratioChart, sanitizeSvg } from './latencyPlot.js';
import type { CriterionOutcome } from './Verdict.js';

export interface HtmlAssets {
  /** The SVG a load check named in its artifacts, as text. */
  latencySvg?: string;
  latencySvgFile?: string;
  /** The production check's plot: both cohorts' P95 over the judged window. */
  productionSvg?: string;
  productionSvgFile?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MEANING = {
  GO: 'Every automated criterion passed on sufficient evidence. Traffic may move to the next stage once QA has signed off the manual items below.',
  'NO-GO': 'Do not move traffic. At least one criterion failed: the evidence shows the stage is not safe. Fix the cause, then gate again.',
  INCONCLUSIVE: 'Do not move traffic yet. Nothing failed, but some criteria could not be decided: evidence is missing, errored, too small or too noisy. Collect it, then gate again.',
} as const;

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f23;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:24px}
.banner{border-radius:10px;padding:22px 28px;color:#fff;margin-bottom:20px}
.banner.GO{background:#1e8449}.banner.NO-GO{background:#b03a2e}.banner.INCONCLUSIVE{background:#b9770e}
.banner h1{margin:0;font-size:44px;letter-spacing:1px}.banner .stage{font-size:18px;opacity:.95}
.banner .summary{font-size:18px;font-weight:600;margin-top:8px}.banner .meaning{margin-top:6px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin-bottom:18px}
h2{font-size:18px;margin:0 0 10px}
table{border-collapse:collapse;width:100%;font-size:13.5px}th,td{border-bottom:1px solid #e5e8eb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f5}.pill{display:inline-block;border-radius:10px;padding:1px 9px;font-weight:700;font-size:12px;color:#fff;white-space:nowrap}
.pill.pass{background:#1e8449}.pill.fail{background:#b03a2e}.pill.inconclusive{background:#b9770e}
tr.fail td{background:#fdf0ef}tr.inconclusive td{background:#fef9e7}
code{font-size:12.5px;background:#f1f3f5;padding:0 3px;border-radius:3px}.src{color:#57606a;font-size:12px}
.why li{margin-bottom:4px}pre{background:#f6f8fa;border:1px solid #d0d7de;padding:10px;overflow:auto;font-size:12px;white-space:pre-wrap}
.warn{background:#fff4e5;border-color:#e0a040}.muted{color:#57606a}dl{display:grid;grid-template-columns:160px 1fr;gap:4px 12px;margin:0}dt{font-weight:600}dd{margin:0;word-break:break-all}
`;

function pill(status: string): string {
  return `<span class="pill ${status}">${status === 'fail' ? 'FAIL' : status === 'pass' ? 'PASS' : 'UNDECIDED'}</span>`;
}

function observed(o: CriterionOutcome): string {
  if (o.observations.length === 0) return '<span class="muted">no data</span>';
  return o.observations.map((x) => `${esc(describeObservation(x))}${x.samples === undefined ? '' : ` <span class="muted">n=${x.samples}</span>`}${o.observations.length > 1 ? ` <span class="muted">(${esc(x.target)})</span>` : ''}`).join('<br>');
}

function criteriaRows(r: GateReport): string {
  const order = { fail: 0, inconclusive: 1, pass: 2 } as const;
  const sorted = [...r.outcomes].sort((a, b) => order[a.status] - order[b.status]);
  const rows = sorted.map((o) => {
    const c = o.criterion;
    const min = c.minSamples === undefined ? '' : `<br><span class="muted">needs ${esc(c.minSamples.metric)} ≥ ${c.minSamples.value}</span>`;
    const from = c.overriddenFrom === undefined ? '' : `<br><strong>overridden by config</strong> <span class="muted">(plan: ${c.overriddenFrom.value}${c.overriddenFrom.minSamples === undefined ? '' : `, n ≥ ${c.overriddenFrom.minSamples}`})</span>`;
    return `<tr class="${o.status}"><td>${pill(o.status)}</td><td><strong>${esc(c.text)}</strong><br><code>${esc(c.id)}</code></td>`
      + `<td><code>${esc(c.check)}</code> ${esc(c.metric)} ${esc(c.op)} ${c.value}${min}${from}</td><td>${observed(o)}</td><td>${esc(o.reason)}</td>`
      + `<td class="src">${esc(c.source.document)}<br>§ ${esc(c.source.section)}</td></tr>`;
  });
  for (const f of r.checkFailures) {
    rows.unshift(`<tr class="fail"><td>${pill('fail')}</td><td><strong>the check's own verdict</strong><br><code>${esc(f.check)}</code> on ${esc(f.target)}</td><td>status pass</td><td>fail</td><td>${esc(f.reason)}</td><td class="src">the check</td></tr>`);
  }
  if (r.calendar !== undefined) {
    rows.unshift(`<tr class="${r.calendar.status}"><td>${pill(r.calendar.status)}</td><td><strong>earliest start</strong></td><td>not before ${esc(r.calendar.notBefore)}</td><td>today</td><td>${esc(r.calendar.reason)}</td><td class="src">${esc(r.calendar.source.document)}<br>§ ${esc(r.calendar.source.section)}</td></tr>`);
  }
  return `<table><thead><tr><th></th><th>criterion</th><th>threshold</th><th>observed [95% interval]</th><th>why</th><th>source</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function why(r: GateReport): string {
  const notPassed = r.outcomes.filter((o) => o.status !== 'pass');
  const items = notPassed.map((o) => `<li>${pill(o.status)} <strong>${esc(o.criterion.text)}</strong>: ${esc(o.reason)}</li>`);
  for (const f of r.checkFailures) items.unshift(`<li>${pill('fail')} <strong>${esc(f.check)}</strong>: ${esc(f.reason)}</li>`);
  if (r.calendar?.status === 'fail') items.unshift(`<li>${pill('fail')} ${esc(r.calendar.reason)}</li>`);
  if (items.length === 0) return '';
  return `<section class="why"><h2>Why not GO</h2><ul>${items.join('')}</ul></section>`;
}

function latency(r: GateReport, assets: HtmlAssets): string {
  const svg = assets.latencySvg === undefined ? undefined : sanitizeSvg(assets.latencySvg);
  if (svg !== undefined) {
    return `<section><h2>Latency: baseline vs candidate</h2>${svg}<p class="src">from ${esc(assets.latencySvgFile ?? 'the load evidence')}</p></section>`;
  }
  const limit = r.outcomes.find((o) => o.criterion.check === 'load' && o.criterion.metric === 'p95Ratio')?.criterion.value;
  const chart = ratioChart(r.evidence, limit);
  const note = assets.latencySvg !== undefined ? 'The load evidence named an SVG that could reach the network or run code, so it was not embedded. ' : '';
  const measuresLoad = r.outcomes.some((o) => o.criterion.check === 'load') || r.evidence.some((e) => e.check === 'load');
  if (chart === undefined && !measuresLoad) return '';
  if (chart !== undefined) return `<section><h2>Latency: candidate / baseline ratio (95% interval)</h2>${chart}<p class="muted">${note}Drawn from the load evidence: no latency plot was attached to it.</p></section>`;
  return `<section><h2>Latency</h2><p class="muted">${note}No latency plot: this stage's evidence holds no load measurement with a plot attached.</p></section>`;
}

const PRODUCTION_ROWS: ReadonlyArray<[string, string, (v: number) => string]> = [
  ['requestsControl', 'requests, control (rest of the fleet)', (v) => String(v)],
  ['requestsBaseline', 'requests, baseline', (v) => String(v)], ['requestsCanary', 'requests, canary', (v) => String(v)],
  ['p95MsBaseline', 'P95 baseline (ms)', (v) => v.toFixed(2)], ['p95MsCanary', 'P95 canary (ms)', (v) => v.toFixed(2)],
  ['p95Ratio', 'P95 ratio canary / baseline', (v) => v.toFixed(3)], ['errorRateDelta', 'error-rate differential', (v) => v.toFixed(5)],
  ['isolationScore', 'isolation score (%)', (v) => v.toFixed(3)], ['cohortShare', 'canary share of requests', (v) => v.toFixed(4)],
  ['redisP95Ms', 'Redis P95 (ms)', (v) => v.toFixed(2)],
];

/** Production evidence: both cohorts' latency over the window, and whether it was only a rehearsal. */
function production(r: GateReport, assets: HtmlAssets): string {
  const e = r.evidence.find((x) => x.check === 'production' && !x.synthesized);
  if (e === undefined) return '';
  const rehearsal = e.metrics['rehearsal'] === 1;
  const banner = rehearsal
    ? '<p class="warn" id="production-rehearsal"><strong>REHEARSAL, not production evidence:</strong> a local Prometheus scraped a control, a baseline and a canary fleet under generated traffic on this machine for a short window. It shows the judgement end to end; it says nothing about real users.</p>'
    : '<p class="muted">Read from the configured Prometheus over the stage\'s window.</p>';
  const svg = assets.productionSvg === undefined ? undefined : sanitizeSvg(assets.productionSvg);
  const rows = PRODUCTION_ROWS.flatMap(([name, label, fmt]) => {
    const v = e.metrics[name];
    if (v === undefined) return [];
    const lo = e.metrics[`${name}.lo`];
    const hi = e.metrics[`${name}.hi`];
    return [`<tr><td>${esc(label)}</td><td>${fmt(v)}${lo !== undefined && hi !== undefined ? ` [${fmt(lo)}, ${fmt(hi)}]` : ''}</td></tr>`];
  });
  return `<section id="production"><h2>Production evidence: baseline vs canary latency over the window</h2>${banner}`
    + `${svg ?? '<p class="muted">No latency plot was attached to the production evidence.</p>'}`
    + `${rows.length === 0 ? `<p class="muted">${esc(e.detail ?? 'no measurement')}</p>` : `<table><tbody>${rows.join('')}</tbody></table>`}</section>`;
}

function counterexamples(r: GateReport): string {
  const shown = r.evidence.filter((e) => e.detail !== undefined && (e.status === 'fail' || e.status === 'error' || e.synthesized));
  if (shown.length === 0) return '';
  const blocks = shown.map((e) => `<h3>${esc(e.check)} on ${esc(e.target)} (${esc(e.status)}${e.seed === null ? '' : `, seed ${e.seed}`})</h3><pre>${esc(e.detail ?? '')}</pre>`);
  return `<section><h2>Counterexamples and errors</h2>${blocks.join('')}</section>`;
}

function manual(r: GateReport): string {
  const attested = new Set(r.signoffs.flatMap((s) => s.attests));
  const items = r.manual.map((m) => `<li>${attested.has(m.id) ? '☑' : '☐'} ${esc(m.text)} <span class="src">(${esc(m.source.document)} § ${esc(m.source.section)})</span></li>`);
  const signed = r.signoffs.length === 0
    ? '<p class="muted">Not signed off. <code>isogate signoff report.json --by &lt;name&gt;</code> attests these items (GO reports only).</p>'
    : r.signoffs.map((s) => `<p><strong>Signed off by ${esc(s.by)}</strong> at ${esc(s.at)}${s.note === undefined ? '' : `: ${esc(s.note)}`}</p>`).join('');
  return `<section><h2>Manual items (attested by QA sign-off, never passed automatically)</h2><ul>${items.join('') || '<li>none</li>'}</ul>${signed}</section>`;
}

function runs(r: GateReport): string {
  const rows = r.runs.map((x) => `<tr><td><code>${esc(x.command)}</code></td><td>${x.exitCode ?? '-'}</td><td>${(x.durationMs / 1000).toFixed(1)} s</td><td>${esc(x.outcome)}: ${esc(x.note)}</td><td>${x.log === undefined ? '' : `<a href="${esc(x.log)}">log</a>`}</td></tr>`);
  const evidence = r.evidence.map((e) => `<li>${e.file === undefined ? '<span class="muted">(recorded by the gate)</span>' : `<a href="${esc(e.file)}">${esc(e.file)}</a>`} <code>${esc(e.check)}</code> on ${esc(e.target)}: ${esc(e.status)}${e.seed === null ? '' : `, seed ${e.seed}`}</li>`);
  return `<section><h2>Checks run</h2><table><thead><tr><th>command</th><th>exit</th><th>elapsed</th><th>outcome</th><th></th></tr></thead><tbody>${rows.join('') || `<tr><td colspan="5">${r.evidenceFrom === null ? 'none' : `none: evaluated the evidence already in ${esc(r.evidenceFrom)} (--evidence-dir)`}</td></tr>`}</tbody></table>`
    + `<h2 style="margin-top:14px">Evidence files</h2><ul>${evidence.join('') || '<li>none</li>'}</ul></section>`;
}

function provenance(r: GateReport): string {
  const p = r.provenance;
  const prev = r.previous === null ? (r.forced ? 'none (forced)' : 'none: first stage of the plan') : `${esc(r.previous.stage)} run ${esc(r.previous.runId)} (${r.previous.verdict}), <a href="${esc(r.previous.path)}">report.json</a> sha256 <code>${r.previous.sha256}</code>`;
  return `<section><h2>Provenance</h2><dl><dt>commit</dt><dd><code>${esc(p.commit)}</code></dd><dt>config</dt><dd>${esc(p.configPath ?? '(none)')} sha256 <code>${esc(p.configHash)}</code></dd>`
    + `<dt>plan</dt><dd>${esc(r.plan.id)} sha256 <code>${esc(p.planHash)}</code></dd><dt>tools</dt><dd>node ${esc(p.tools.node)}, isogate ${esc(p.tools.isogate)}, ${esc(p.tools.redis)}</dd>`
    + `<dt>seeds</dt><dd>${p.seeds.length === 0 ? 'none' : p.seeds.join(', ')}</dd><dt>builds on</dt><dd>${prev}</dd><dt>run</dt><dd>${esc(r.runId)}: ${esc(p.startedAt)} → ${esc(p.finishedAt)}</dd></dl></section>`;
}

/** report.html: one file, no network (inline CSS and SVG), readable without any other file. */
export function renderHtml(r: GateReport, assets: HtmlAssets = {}): string {
  const forcedNoted = r.warnings.some((w) => w.startsWith('forced'));
  const warnings = [...(r.forced && !forcedNoted ? ['Forced: gated with --force, without a GO report of the previous stage for this commit.'] : []), ...r.warnings];
  const counts = `${r.counts.pass} passed · ${r.counts.fail} failed · ${r.counts.inconclusive} undecided · ${r.manual.length} manual`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(r.verdict)} · ${esc(r.plan.id)} / ${esc(r.stage.id)} · isogate</title><style>${CSS}</style></head>
<body><main>
<div class="banner ${r.verdict}" id="verdict" data-verdict="${r.verdict}"><div class="stage">${esc(r.plan.title)} · ${esc(r.stage.title)} (${esc(r.stage.summary)})</div>
<h1>${esc(r.verdict)}</h1><div class="summary">${esc(r.summary)}</div><div class="meaning">${MEANING[r.verdict]}</div><div class="meaning">${counts}</div>
<div class="meaning">commit <code style="background:transparent;color:#fff">${esc(r.provenance.commit.slice(0, 12))}</code> · gated ${esc(r.provenance.finishedAt.replace('T', ' ').slice(0, 16))} UTC${r.signoffs.length > 0 ? ` · signed off by ${esc(r.signoffs.map((x) => x.by).join(', '))}` : ''}</div></div>
${warnings.map((w) => `<section class="warn">⚠️ ${esc(w)}</section>`).join('')}
${why(r)}
<section><h2>Criteria (thresholds from ${esc(r.plan.document)})</h2>${criteriaRows(r)}</section>
${latency(r, assets)}
${production(r, assets)}
${counterexamples(r)}
${manual(r)}
${runs(r)}
${provenance(r)}
</main></body></html>
`;
}
