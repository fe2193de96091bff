import { quantileSorted, sortedCopy } from './quantile.js';

const W = 640;
const H = 360;
const PAD = { left: 56, right: 16, top: 28, bottom: 44 };

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

/**
 * Cumulative distributions of baseline and candidate latency (log-scale ms), with P50/P95/P99
 * marked: where two builds differ shows at a glance, tail included. Plain SVG, no script, so the
 * gate's HTML report can inline it.
 */
export function latencySvg(baselineUs: readonly number[], candidateUs: readonly number[], title: string): string {
  const arms = [
    { name: 'baseline', colour: '#1f77b4', sorted: sortedCopy(baselineUs) },
    { name: 'candidate', colour: '#d62728', sorted: sortedCopy(candidateUs) },
  ];
  const all = arms.flatMap((a) => (a.sorted.length > 0 ? [a.sorted[0] as number, a.sorted[a.sorted.length - 1] as number] : []));
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`;
  const caption = `<text x="${PAD.left}" y="16" font-size="13">${escapeXml(title)}</text>`;
  if (all.length === 0) return `${head}${caption}<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text></svg>\n`;
  const lo = Math.log10(Math.max(1, Math.min(...all)) / 1000);
  const hi = Math.max(lo + 0.1, Math.log10(Math.max(...all) / 1000));
  const x = (ms: number): number => PAD.left + ((Math.log10(Math.max(ms, 1e-3)) - lo) / (hi - lo)) * (W - PAD.left - PAD.right);
  const y = (p: number): number => H - PAD.bottom - p * (H - PAD.top - PAD.bottom);
  const parts = [head, caption,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="none" stroke="#999"/>`];
  for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) {
    const ms = 10 ** d;
    parts.push(`<line x1="${x(ms)}" x2="${x(ms)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#eee"/>`,
      `<text x="${x(ms)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${ms >= 1 ? ms : ms.toFixed(3)} ms</text>`);
  }
  for (const p of [0, 0.5, 0.95, 0.99, 1]) parts.push(`<text x="${PAD.left - 6}" y="${y(p) + 4}" text-anchor="end">${p * 100}%</text>`);
  parts.push(`<text x="${(W + PAD.left) / 2}" y="${H - 8}" text-anchor="middle">latency (log scale); y: share of responses at or below</text>`);
  arms.forEach((arm, i) => {
    const n = arm.sorted.length;
    if (n === 0) return;
    const step = Math.max(1, Math.floor(n / 400));
    const points: string[] = [];
    for (let k = 0; k < n; k += step) points.push(`${x((arm.sorted[k] as number) / 1000).toFixed(1)},${y((k + 1) / n).toFixed(1)}`);
    points.push(`${x((arm.sorted[n - 1] as number) / 1000).toFixed(1)},${y(1).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${arm.colour}" stroke-width="1.5" points="${points.join(' ')}"/>`);
    const marks = [0.5, 0.95, 0.99].map((q) => ({ q, ms: quantileSorted(arm.sorted, q) / 1000 }));
    for (const m of marks) parts.push(`<circle cx="${x(m.ms).toFixed(1)}" cy="${y(m.q).toFixed(1)}" r="3" fill="${arm.colour}"/>`);
    const legend = `${arm.name} (n=${n}): ${marks.map((m) => `P${Math.round(m.q * 100)} ${m.ms.toFixed(3)} ms`).join(', ')}`;
    parts.push(`<text x="${PAD.left + 8}" y="${PAD.top + 16 + i * 14}" fill="${arm.colour}">${escapeXml(legend)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
