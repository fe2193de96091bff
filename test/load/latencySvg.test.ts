import { describe, expect, it } from 'vitest';
import { latencySvg } from '../../src/load/latencySvg.js';

describe('latencySvg', () => {
  it('draws both distributions with their percentiles in the legend', () => {
    const svg = latencySvg([500, 600, 700, 5000], [900, 1000, 1100, 9000], 'a <b> & c');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('baseline (n=4): P50 0.600 ms');
    expect(svg).toContain('candidate (n=4): P50 1.000 ms');
    expect(svg).toContain('a &lt;b&gt; &amp; c');
    expect(svg).not.toContain('NaN');
  });

  it('says no data instead of drawing nothing', () => {
    expect(latencySvg([], [], 't')).toContain('no data');
  });
});
