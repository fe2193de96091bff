import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { redactSecrets } from '../errors/index.js';
import type { GateReport } from './GateReport.js';
import { renderHtml, type HtmlAssets } from './renderHtml.js';
import { renderJunit } from './renderJunit.js';
import { renderMarkdown } from './renderMarkdown.js';

export interface ReportFiles {
  json: string;
  md: string;
  junit: string;
  html: string;
}

/** The SVG a record of `check` names, looked for beside the evidence file, then in the report dir. */
async function svgArtifact(r: GateReport, dir: string, check: string): Promise<{ svg: string; file: string } | undefined> {
  for (const e of r.evidence) {
    if (e.check !== check || e.synthesized) continue;
    for (const artifact of e.artifacts.filter((a) => a.toLowerCase().endsWith('.svg'))) {
      const evidenceDir = e.file === undefined ? dir : join(dir, e.file, '..');
      const candidates = isAbsolute(artifact) ? [artifact] : [resolve(evidenceDir, artifact), resolve(dir, artifact), resolve(artifact)];
      for (const path of candidates) {
        try {
          return { svg: await readFile(path, 'utf8'), file: relative(dir, path) };
        } catch {
          // try the next place it could be
        }
      }
    }
  }
  return undefined;
}

async function latencyAsset(r: GateReport, dir: string): Promise<HtmlAssets> {
  const load = await svgArtifact(r, dir, 'load');
  const production = await svgArtifact(r, dir, 'production');
  return {
    ...(load === undefined ? {} : { latencySvg: load.svg, latencySvgFile: load.file }),
    ...(production === undefined ? {} : { productionSvg: redactSecrets(production.svg), productionSvgFile: production.file }),
  };
}

/** Every string in the report redacted before any renderer sees it (redacting rendered JSON could eat a quote). */
export function redactReport<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? redactSecrets(v) : v)) as T;
}

/** Writes the four reports of one gate run, from the redacted report. */
export async function writeReports(report: GateReport, dir: string, env: NodeJS.ProcessEnv = {}): Promise<ReportFiles> {
  const r = redactReport(report);
  const files: ReportFiles = { json: join(dir, 'report.json'), md: join(dir, 'report.md'), junit: join(dir, 'junit.xml'), html: join(dir, 'report.html') };
  const md = renderMarkdown(r);
  const assets = await latencyAsset(r, dir);
  if (assets.latencySvg !== undefined) assets.latencySvg = redactSecrets(assets.latencySvg);
  await writeFile(files.json, JSON.stringify(r, null, 2) + '\n');
  await writeFile(files.md, md);
  await writeFile(files.junit, renderJunit(r));
  await writeFile(files.html, renderHtml(r, assets));
  const summary = env['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') await appendFile(summary, `${md}\n`);
  return files;
}
