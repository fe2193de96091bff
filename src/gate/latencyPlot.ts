import type { EvidenceEntry } from './GateReport.js';

/**
 * An SVG from a check is embedded inline, so it must not run code or fetch anything: the report
 * is opened offline and from CI artifacts. Anything that could reach the network is refused.
 */
export function sanitizeSvg(text: string): string | undefined {
  const start = text.indexOf('<svg');
  const end = text.lastIndexOf('</svg>');
  if (start < 0 || end < start) return undefined;
  const svg = text.slice(start, end + '</svg>'.length)
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '');
  const external = /(?:href\s*=\s*["']\s*(?!#)|url\(\s*["']?\s*(?!#)|@import|<image\b)/i;
  return external.test(svg) ? undefined : svg;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * When no check drew a plot, the load evidence's ratios (candidate/baseline) with their 95%
 * intervals, against the 1.0 line: enough for a lead to see how far from the limit the run was.
 */
export function ratioChart(evidence: readonly EvidenceEntry[], limit: number | undefined): string | undefined {
  const load = evidence.find((e) => e.check === 'load' && !e.synthesized && e.metrics['p95Ratio'] !== undefined);
  if (load === undefined) return undefined;
  const rows = ['p50Ratio', 'p95Ratio', 'p99Ratio'].flatMap((name) => {
    const v = load.metrics[name];
    if (v === undefined) return [];
    return [{ name: name.replace('Ratio', '').toUpperCase(), v, lo: load.metrics[`${name}.lo`] ?? v, hi: load.metrics[`${name}.hi`] ?? v }];
  });
  const values = rows.flatMap((r) => [r.lo, r.hi]).concat([1, limit ?? 1]);
  const min = Math.min(0.8, ...values) - 0.02;
  const max = Math.max(1.3, ...values) + 0.02;
  const width = 640;
  const left = 70;
  const plot = width - left - 30;
  const x = (ratio: number): number => left + ((ratio - min) / (max - min)) * plot;
  const rowH = 34;
  const height = rows.length * rowH + 50;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="latency ratio candidate/baseline">`];
  parts.push(`<line x1="${x(1)}" y1="10" x2="${x(1)}" y2="${height - 30}" stroke="#888" stroke-dasharray="3 3"/><text x="${x(1)}" y="${height - 14}" font-size="11" text-anchor="middle">1.00 = baseline</text>`);
  if (limit !== undefined) {
    parts.push(`<line x1="${x(limit)}" y1="10" x2="${x(limit)}" y2="${height - 30}" stroke="#c0392b" stroke-width="2"/><text x="${x(limit)}" y="${height - 2}" font-size="11" fill="#c0392b" text-anchor="middle">limit ${limit}</text>`);
  }
  rows.forEach((r, i) => {
    const y = 24 + i * rowH;
    const colour = limit !== undefined && r.hi >= limit ? (r.lo >= limit ? '#c0392b' : '#d68910') : '#1e8449';
    parts.push(`<text x="10" y="${y + 4}" font-size="13">${esc(r.name)}</text>`,
      `<line x1="${x(r.lo)}" y1="${y}" x2="${x(r.hi)}" y2="${y}" stroke="${colour}" stroke-width="6" stroke-linecap="round" opacity="0.5"/>`,
      `<circle cx="${x(r.v)}" cy="${y}" r="6" fill="${colour}"/>`,
      `<text x="${x(r.hi) + 10}" y="${y + 4}" font-size="11">${r.v.toFixed(3)} [${r.lo.toFixed(3)}, ${r.hi.toFixed(3)}]</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
