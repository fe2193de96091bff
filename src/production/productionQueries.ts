import { splitMatchers } from './PromMatchers.js';

/** `{a="x",b="y"}` from matcher text, with more matchers added. */
export function selector(matchers: string, ...more: string[]): string {
  return `{${[...splitMatchers(matchers), ...more].join(',')}}`;
}

/** The PromQL isogate runs for one cohort; `w` is a range like `48h`. Shown verbatim in the README. */
export function cohortQueries(names: { requests: string; errors: string; latency: string; isolationViolations: string | null }, matchers: string, w: string): Record<string, string> {
  const sel = selector(matchers);
  return {
    requests: `sum(increase(${names.requests}${sel}[${w}]))`,
    errors: `sum(increase(${names.errors}${sel}[${w}]))`,
    latency: `sum by (le) (increase(${names.latency}_bucket${sel}[${w}]))`,
    ...(names.isolationViolations === null ? {} : { violations: `sum(increase(${names.isolationViolations}${sel}[${w}]))` }),
    newest: `max(timestamp(${names.requests}${sel}))`,
  };
}

/** Range queries: does every step of the window hold a sample, and the P95 over the window. */
export function cohortRangeQueries(names: { requests: string; latency: string }, matchers: string, rateWindow: string): Record<string, string> {
  const sel = selector(matchers);
  return {
    coverage: `count(${names.requests}${sel})`,
    p95: `histogram_quantile(0.95, sum by (le) (rate(${names.latency}_bucket${sel}[${rateWindow}])))`,
  };
}

export function redisQuery(redisLatency: string, matchers: string, w: string): string {
  return `sum by (le) (increase(${redisLatency}_bucket${selector(matchers)}[${w}]))`;
}

/** Requests of the cohort that carried a legacy tenant header, over the window. */
export function legacyHeaderQuery(legacyTenantHeaders: string, matchers: string, w: string): string {
  return `sum(increase(${legacyTenantHeaders}${selector(matchers)}[${w}]))`;
}
