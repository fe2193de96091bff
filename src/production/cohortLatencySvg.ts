const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Both cohorts' P95 latency over the judged window, from the query_range answers: one line per
 * cohort, time on x, milliseconds on y. Plain inline SVG (no script, no external reference).
 */
export function cohortLatencySvg(series: { baseline: Array<[number, number]>; canary: Array<[number, number]> }, title: string): string {
  const width = 720;
  const height = 300;
  const left = 60;
  const right = 20;
  const top = 46;
  const bottom = 40;
  const all = [...series.baseline, ...series.canary].filter(([, v]) => Number.isFinite(v));
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">`,
    `<text x="${left}" y="18" font-size="13" font-weight="600">${esc(title)}</text>`];
  if (all.length === 0) {
    parts.push(`<text x="${left}" y="${height / 2}" font-size="13">no latency series in the window</text></svg>`);
    return parts.join('');
  }
  const t0 = Math.min(...all.map(([t]) => t));
  const t1 = Math.max(t0 + 1, ...all.map(([t]) => t));
  const vMax = Math.max(...all.map(([, v]) => v * 1000)) * 1.1 || 1;
  const x = (t: number): number => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const y = (ms: number): number => top + (1 - ms / vMax) * (height - top - bottom);
  for (let i = 0; i <= 4; i++) {
    const ms = (vMax * i) / 4;
    parts.push(`<line x1="${left}" y1="${y(ms)}" x2="${width - right}" y2="${y(ms)}" stroke="#e5e7eb"/>`,
      `<text x="${left - 6}" y="${y(ms) + 4}" font-size="10" text-anchor="end">${ms.toFixed(ms < 10 ? 2 : 0)} ms</text>`);
  }
  const span = t1 - t0;
  parts.push(`<text x="${left}" y="${height - 12}" font-size="10">window start</text>`,
    `<text x="${width - right}" y="${height - 12}" font-size="10" text-anchor="end">+${span >= 3600 ? `${(span / 3600).toFixed(1)} h` : `${Math.round(span)} s`} (end)</text>`);
  const colours = { baseline: '#2563eb', canary: '#d97706' } as const;
  (['baseline', 'canary'] as const).forEach((cohort, i) => {
    const pts = series[cohort].filter(([, v]) => Number.isFinite(v)).map(([t, v]) => `${x(t).toFixed(1)},${y(v * 1000).toFixed(1)}`);
    if (pts.length > 0) parts.push(`<polyline fill="none" stroke="${colours[cohort]}" stroke-width="2" points="${pts.join(' ')}"/>`);
    parts.push(`<rect x="${left + i * 110}" y="28" width="12" height="4" fill="${colours[cohort]}"/><text x="${left + 16 + i * 110}" y="34" font-size="11">${cohort} P95</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
