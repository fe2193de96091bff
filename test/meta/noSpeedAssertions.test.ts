import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSpeedBounds } from '../support/findSpeedBounds.js';

const TEST_ROOT = join(import.meta.dirname, '..');
const THIS_FILE = join(import.meta.dirname, 'noSpeedAssertions.test.ts');

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testSources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('no test bounds a time or a rate unless it says why that holds on any machine', () => {
  it('finds the bounds that depend on the machine in a seeded source', () => {
    const seeded = [
      "expect(r.achievedRpsPerArm[i]).toBeGreaterThan(120);",
      "expect(r.wallMs).toBeLessThan(4000);",
      "expect(e.metrics['maxMs']).toBeLessThan(2_000);",
      "expect(Date.now() - t0).toBeLessThanOrEqual(50);",
      "expect(errorRate)",
      "  .toBeLessThan(0.1);",
      "expect(count).toBeGreaterThanOrEqual(1500);",
      "// hang guard",
      "expect(elapsed).toBeLessThan(60_000);",
    ].join('\n');
    expect(findSpeedBounds(seeded, 'seeded.ts').map((b) => b.line)).toEqual([1, 2, 3, 4, 6, 7, 9]);
  });

  it('accepts a bound documented as a hang guard or as not timing, and leaves other bounds alone', () => {
    const documented = [
      "expect(r.wallMs).toBeLessThan(60_000); // hang guard: a 2 s run still going after a minute has hung",
      "// hang guard: only a Redis taking a minute per command fails",
      "expect(p95Ms).toBeLessThan(60_000);",
      "// not timing: the slow path busy-waits until its deadline, so a busy machine only adds",
      "expect(performance.now() - t0).toBeGreaterThanOrEqual(30);",
      "expect(items.length).toBeGreaterThan(3);",
      "expect(ratio.lo).toBeLessThanOrEqual(ratio.hi);",
      "expect(params.size).toBeLessThan(10);",
      "expect(r.arms[0].latencyUs.length).toBeGreaterThan(0);",
    ].join('\n');
    expect(findSpeedBounds(documented)).toEqual([]);
  });

  it('finds none undocumented in test/', () => {
    const found = testSources(TEST_ROOT).filter((f) => f !== THIS_FILE)
      .flatMap((f) => findSpeedBounds(readFileSync(f, 'utf8'), relative(TEST_ROOT, f)));
    expect(found.map((b) => `test/${b.file}:${b.line}: ${b.why}: ${b.text}`)).toEqual([]);
  });
});
