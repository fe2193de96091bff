import { z } from 'zod';

/** One or more PromQL label matchers, without braces: `cohort="canary"`, `job="api",track=~"canary.*"`. */
const MATCHER = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*$/;

/** Splits `a="x,y",b!="z"` at the commas between matchers (not inside quoted values). */
export function splitMatchers(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && quoted) { current += c + (text[i + 1] ?? ''); i++; continue; }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) { out.push(current); current = ''; continue; }
    current += c;
  }
  out.push(current);
  return out.map((m) => m.trim()).filter((m) => m !== '');
}

export const matchersSchema = z.string().min(1).refine((s) => splitMatchers(s).every((m) => MATCHER.test(m)), {
  message: 'expected PromQL label matchers without braces, e.g. cohort="canary" or job="api",track=~"canary.*"',
});

export const metricNameSchema = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a Prometheus metric name');
