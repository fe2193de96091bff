/**
 * Finds assertions that bound a time or a rate: the kind that holds only on a machine of a certain
 * speed or load. A bound is accepted when its line, or the line above, says why it holds on any
 * machine: `// hang guard: ...` (an upper bound so generous that only a hang breaks it) or
 * `// not timing: ...` (the bound does not depend on the machine's speed: a seeded count, a size,
 * a delay the code under test enforces by busy-waiting, two figures of the same run). A lower
 * bound of zero ("something happened") needs no reason.
 */
export interface SpeedBound { file: string; line: number; text: string; why: string }

const MATCHER = /\.(toBeLessThan|toBeGreaterThan|toBeLessThanOrEqual|toBeGreaterThanOrEqual)\s*\(/;

/** Names and calls that measure time or throughput (camelCase-aware: `wallMs`, `achievedRps`, `errorRate`, not `items`). */
const TIMING = [
  /(?<![a-z])ms\b|Ms\b|MS\b/, /(?<![a-z])seconds|Seconds/, /(?<![a-z])rate|Rate/, /(?<![a-z])rps\b|Rps/,
  /(?<![a-z])duration|Duration/, /(?<![a-z])elapsed|Elapsed/, /(?<![a-z])latenc|Latenc/, /(?<![a-z])wall(?![a-z])|Wall(?![a-z])/,
  /Date\.now|performance\.now|hrtime/,
];

const MARKER = /\/\/.*\b(hang guard|not timing):\s*\S/;

/** The bound's literal argument, when it is a plain number (`60_000`, `2.5`). */
function literalArgument(line: string, from: number): number | undefined {
  const m = /^\s*(-?[\d_]+(?:\.\d+)?)\s*[,)]/.exec(line.slice(from));
  return m?.[1] === undefined ? undefined : Number(m[1].replace(/_/g, ''));
}

export function findSpeedBounds(source: string, file = '<source>'): SpeedBound[] {
  const lines = source.split('\n');
  const found: SpeedBound[] = [];
  lines.forEach((text, i) => {
    const m = MATCHER.exec(text);
    if (m === null) return;
    const above = lines[i - 1] ?? '';
    // A chained `.toBeLessThan(` continues the expect(...) of the line above.
    const statement = text.trimStart().startsWith('.') ? `${above}\n${text}` : text;
    const code = statement.replace(/\/\/.*$/gm, '');
    const name = TIMING.find((re) => re.test(code));
    const literal = literalArgument(text, m.index + m[0].length);
    // "More than zero" says something happened, on any machine.
    if (literal === 0 && m[1]?.startsWith('toBeGreaterThan') === true) return;
    const why = name !== undefined ? `bounds a time or rate (${name.source})` : literal !== undefined && Math.abs(literal) >= 1000 ? `bounds by the literal ${literal}` : undefined;
    if (why === undefined || MARKER.test(text) || MARKER.test(above)) return;
    found.push({ file, line: i + 1, text: text.trim(), why });
  });
  return found;
}
