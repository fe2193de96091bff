import { Findings } from '../Findings.js';
import { HttpProbe, inParallel, parseJson } from '../HttpProbe.js';
import type { ScenarioOutcome } from '../ScenarioOutcome.js';
import type { StartGatewayTarget } from '../ScenarioTargets.js';
import { hexToken, pick, seededRandom } from '../../random/index.js';
import {
  CANONICAL, CUTOFF, SPOOF_TOKENS, TENANT_A, TENANT_B, describeCase, expectedOutcome, requestHeaders, spoofCases,
  tokenTenant, type Expected, type SpoofCase,
} from './SpoofMatrix.js';

export interface TenantHeaderOptions {
  startTenantGateway: StartGatewayTarget;
  target?: string;
  faults?: readonly string[];
  seed: number;
  concurrency?: number;
}

/** The telemetry a gateway must report at GET /gw/telemetry. */
interface GatewayTelemetry {
  requests: number;
  legacyHeaderUse: Record<string, number>;
  stripped: number;
  denied: Record<string, number>;
}

function emptyTelemetry(): GatewayTelemetry {
  return { requests: 0, legacyHeaderUse: { 'x-stella-tenant': 0, 'x-tenant-id': 0 }, stripped: 0, denied: { unauthenticated: 0, ambiguous: 0, 'legacy-rejected': 0, mismatch: 0 } };
}

function account(t: GatewayTelemetry, c: SpoofCase, expected: Expected): void {
  t.requests += 1;
  for (const h of c.headers) if (h.name !== CANONICAL) t.legacyHeaderUse[h.name.toLowerCase()] = (t.legacyHeaderUse[h.name.toLowerCase()] ?? 0) + 1;
  if (expected.status === 200 && c.headers.length > 0) t.stripped += 1;
  if (expected.status !== 200) t.denied[expected.reason] = (t.denied[expected.reason] ?? 0) + 1;
}

function telemetryDiff(expected: GatewayTelemetry, found: unknown): string[] {
  const f = (found ?? {}) as Partial<GatewayTelemetry>;
  const diffs: string[] = [];
  const cmp = (name: string, want: number, got: unknown): void => { if (got !== want) diffs.push(`${name}: expected ${want}, found ${String(got)}`); };
  cmp('requests', expected.requests, f.requests);
  cmp('stripped', expected.stripped, f.stripped);
  for (const [h, n] of Object.entries(expected.legacyHeaderUse)) cmp(`legacyHeaderUse[${h}]`, n, f.legacyHeaderUse?.[h]);
  for (const [r, n] of Object.entries(expected.denied)) cmp(`denied[${r}]`, n, f.denied?.[r]);
  return diffs;
}

interface Window {
  mode: 'compat' | 'strict';
  now: Date;
}

/**
 * The tenant-header check: the spoof matrix against the gateway in compatibility and
 * strict mode, on an injected clock either side of the 2026-03-31 cutoff. Served data carries
 * a canary per tenant, so "served as the token's tenant" is read from what came back, not from
 * what the gateway says it did; legacy-usage telemetry must match the requests exactly.
 */
export async function checkTenantHeader(o: TenantHeaderOptions): Promise<ScenarioOutcome<'tenant-header'>> {
  const started = Date.now();
  const random = seededRandom(o.seed);
  const findings = new Findings();
  const cases = spoofCases(random);
  const before = pick(random, [new Date('2026-03-01T09:00:00Z'), new Date(CUTOFF.getTime() - 1)]);
  const after = pick(random, [CUTOFF, new Date('2026-06-01T09:00:00Z')]);
  const windows: Window[] = [{ mode: 'compat', now: before }, { mode: 'compat', now: after }, { mode: 'strict', now: before }, { mode: 'strict', now: after }];
  const probe = new HttpProbe();
  let sent = 0;
  let denied = 0;
  try {
    for (const w of windows) {
      const gateway = await o.startTenantGateway({ mode: w.mode, clock: () => w.now, tokens: SPOOF_TOKENS, ...(o.faults === undefined ? {} : { faults: o.faults }) });
      try {
        const canary: Record<string, string> = { [TENANT_A]: `cnry-hdr-${TENANT_A}-${hexToken(random)}`, [TENANT_B]: `cnry-hdr-${TENANT_B}-${hexToken(random)}` };
        const owners = new Map(Object.entries(canary).map(([t, c]) => [c, t]));
        const telemetry = emptyTelemetry();
        for (const tenant of [TENANT_A, TENANT_B]) {
          const put = await probe.send(`${gateway.url}/gw/note`, 'PUT', { Authorization: `Bearer tok-${tenant}` }, canary[tenant]);
          telemetry.requests += 1;
          if (put.status !== 200) findings.add('setup', `PUT /gw/note as ${tenant}: expected 200, found ${put.status}`);
        }
        const where = `${w.mode} mode at ${w.now.toISOString()}`;
        await inParallel(cases, o.concurrency ?? 8, async (c) => {
          const expected = expectedOutcome(c, w.mode, w.now);
          account(telemetry, c, expected);
          const res = await probe.send(`${gateway.url}/gw/note`, 'GET', requestHeaders(c));
          sent += 1;
          if (res.status !== 200) denied += 1;
          const seen = [...owners].filter(([token]) => res.body.includes(token)).map(([, t]) => t);
          const own = tokenTenant(c.token);
          if (seen.some((t) => t !== own)) {
            findings.add('wrong-tenant', `${describeCase(c)} (${where}): served ${seen.join(', ')}'s data to a request whose token selects ${own ?? 'no tenant'}`);
          }
          if (res.status !== expected.status) {
            findings.add('policy', `${describeCase(c)} (${where}): expected ${expected.status}${expected.status === 200 ? '' : ` (${expected.reason})`}, found ${res.status}`);
          } else if (expected.status === 200 && seen.length === 0) {
            findings.add('wrong-tenant', `${describeCase(c)} (${where}): 200 without ${expected.tenant}'s data: ${res.body.slice(0, 120)}`);
          }
        });
        const report = await probe.send(`${gateway.url}/gw/telemetry`, 'GET', {});
        for (const d of telemetryDiff(telemetry, parseJson(report.body))) findings.add('telemetry', `${where}: ${d}`);
      } finally {
        await gateway.close();
      }
    }
  } finally {
    probe.close();
  }
  const metrics = {
    wrongTenant: findings.count('wrong-tenant'), cases: sent, telemetryMismatches: findings.count('telemetry'),
    policyMismatches: findings.count('policy', 'setup'), denied,
  };
  const details = { findings: findings.list(), windows: windows.map((w) => ({ mode: w.mode, now: w.now.toISOString() })), casesPerWindow: cases.length, faults: o.faults ?? [] };
  const base = { check: 'tenant-header' as const, target: o.target ?? 'reference-service', metrics, details, seed: o.seed, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started };
  if (findings.total === 0) return { ...base, status: 'pass' };
  return { ...base, status: 'fail', summary: findings.list().slice(0, 3).map((f) => `${f.kind}: ${f.message}`).join('; ') };
}
