import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReports } from '../../src/gate/index.js';
import { evaluateStage, PRESETS, renderHtml, renderJunit, renderMarkdown, type GateReport } from '../../src/gate/index.js';
import { buildReport } from '../../src/gate/buildReport.js';
import { ratioChart, sanitizeSvg } from '../../src/gate/latencyPlot.js';
import { pilotLeaking, pilotPassing } from './sampleEvidence.js';
import type { Evidence } from '../../src/evidence/index.js';

const pilot = PRESETS['tenant-scoped-state'].stages[1];
if (pilot === undefined) throw new Error('no pilot stage');

function report(evidence: Evidence[]): GateReport {
  return buildReport({
    runId: 'run-1', plan: PRESETS['tenant-scoped-state'], stage: pilot as NonNullable<typeof pilot>, verdict: evaluateStage(pilot as NonNullable<typeof pilot>, evidence),
    runs: [], evidenceFrom: '/tmp/ev', evidence: evidence.map((e, i) => ({ evidence: e, path: `/tmp/r/evidence/${i}.json` })), reportDir: '/tmp/r',
    previous: null, forced: false, warnings: [],
    provenance: { commit: 'f'.repeat(40), configPath: null, configHash: 'none', planHash: 'p', tools: { node: 'v20', isogate: '0.1.0', redis: 'Redis server v=7' }, startedAt: 's', finishedAt: '2026-11-25T10:00:00Z' },
  });
}

describe('junit.xml', () => {
  it('has one test case per criterion: failures for failed, skipped for undecided, nothing for passed', () => {
    const [leak, , load] = pilotLeaking();
    const xml = renderJunit(report([leak as Evidence, load as Evidence]));
    expect(xml.match(/<testcase /g)).toHaveLength(pilot.criteria.length);
    // Undecided: the Redis latency criteria (three) and the rollback drill's (three), none of whose evidence is given.
    expect(xml).toContain('failures="1" skipped="6"');
    expect(xml).toContain('<failure message="leaks = 3 on leakage/reference, must be == 0" type="NO-GO">');
    expect(xml).toContain('<skipped message="INCONCLUSIVE: no evidence from check redis-latency"/>');
    expect(xml).toContain('name="pilot.redis-p95: redis-latency p95Ms &lt; 5"');
  });
});

describe('report.md', () => {
  it('leads with the verdict and cites each threshold\'s document and section', () => {
    const md = renderMarkdown(report(pilotPassing()));
    expect(md.split('\n')[0]).toBe('# 🟢 GO · tenant-scoped-state / pilot');
    expect(md).toContain('| ✅ pass | `pilot.redis-p95` Redis latency < 5ms P95 | `redis-latency` p95Ms < 5 (n ≥ 1000 samples) | 1.2 [1.1, 1.4] (n=5000) |');
    expect(md).toContain('tenant-scoped-state-rollout.md § 2. Staged Rollout Plan / Stage 1: Pilot Tenant (0.1% of traffic) / Success Gate');
    expect(md).toContain('- [ ] `pilot.graph-inspection` Manual graph inspection confirms data integrity');
    expect(md).toContain('- seeds: 424242, 7');
    expect(md).toContain('- builds on: no previous report');
  });
});

describe('report.html', () => {
  it('is self-contained: inline CSS and SVG, no script, no external reference', () => {
    const html = renderHtml(report(pilotLeaking()));
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|\ssrc=|href="https?:|url\(http/);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(html).toContain('data-verdict="NO-GO"');
    expect(html).toContain('Why not GO');
    expect(html).toContain('counterexample: tenant acme put');
  });

  it('embeds the load check\'s SVG when safe, else draws the ratios, else says there is no plot', () => {
    const r = report(pilotPassing());
    expect(renderHtml(r, { latencySvg: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect id="hdr"/></svg>', latencySvgFile: 'load.svg' })).toContain('<rect id="hdr"/>');
    const chart = renderHtml(r);
    expect(chart).toContain('candidate / baseline ratio');
    expect(chart).toContain('limit 1.1');
    const [leak] = pilotPassing();
    expect(renderHtml(report([leak as Evidence]))).toContain('No latency plot');
    const noLoadStage = { ...r, outcomes: r.outcomes.filter((o) => o.criterion.check !== 'load'), evidence: r.evidence.filter((e) => e.check !== 'load') };
    expect(renderHtml(noLoadStage)).not.toContain('Latency');
  });

  it('writeReports embeds the SVG a load record names by absolute path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isogate-svg-'));
    try {
      const svg = join(dir, 'load--candidate.svg');
      await writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path id="from-load-check" d="M0 0h5"/></svg>\n');
      const r = report(pilotPassing());
      const withArtifact = { ...r, evidence: r.evidence.map((e) => (e.check === 'load' ? { ...e, artifacts: [svg] } : e)) };
      const files = await writeReports(withArtifact, dir);
      const html = await readFile(files.html, 'utf8');
      expect(html).toContain('<path id="from-load-check" d="M0 0h5"/>');
      expect(html).toContain('Latency: baseline vs candidate');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('escapes what evidence says', () => {
    const [leak, ...rest] = pilotLeaking();
    const html = renderHtml(report([{ ...(leak as Evidence), target: '<img src=x onerror=alert(1)>' }, ...rest]));
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('report.html production section', () => {
  it('shows both cohorts\' plot and figures, and marks a rehearsal as not production evidence', () => {
    const rehearsal = pilotPassing().map((e) => (e.check === 'production' ? { ...e, metrics: { ...e.metrics, rehearsal: 1, p95Ratio: 1.02, 'p95Ratio.lo': 0.97, 'p95Ratio.hi': 1.08 } } : e));
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><polyline id="cohorts" points="0,0 1,1"/></svg>';
    const html = renderHtml(report(rehearsal), { productionSvg: svg, productionSvgFile: 'production--latency.svg' });
    expect(html).toContain('id="production-rehearsal"');
    expect(html).toContain('<polyline id="cohorts"');
    expect(html).toContain('1.020 [0.970, 1.080]');
    const real = renderHtml(report(pilotPassing()));
    expect(real).toContain('id="production"');
    expect(real).not.toContain('production-rehearsal');
  });
});

describe('sanitizeSvg', () => {
  it('strips scripts and handlers and refuses anything that reaches out', () => {
    expect(sanitizeSvg('<svg onload="x()"><script>alert(1)</script><path d="M0 0"/></svg>')).toBe('<svg><path d="M0 0"/></svg>');
    expect(sanitizeSvg('<svg><image href="http://evil/x.png"/></svg>')).toBeUndefined();
    expect(sanitizeSvg('<svg><style>@import "https://x/y.css";</style></svg>')).toBeUndefined();
    expect(sanitizeSvg('<svg><rect fill="url(#g)"/><use href="#a"/></svg>')).toBe('<svg><rect fill="url(#g)"/><use href="#a"/></svg>');
    expect(sanitizeSvg('not an svg')).toBeUndefined();
  });

  it('ratioChart draws only from real load evidence', () => {
    expect(ratioChart([], 1.1)).toBeUndefined();
  });
});
