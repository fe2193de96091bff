import type { HistoryEntry } from './History.js';
import { preview } from './OutputShape.js';
import type { FailedRun } from './StoreScenario.js';
import { tenantLabel } from './tenantLabel.js';

function describeInvoke(e: HistoryEntry): string {
  const who = e.process === 'nemesis' ? 'nemesis' : `tenant ${tenantLabel(e.process)}`;
  const v = (e.value ?? {}) as { key?: unknown; value?: unknown; flag?: unknown; on?: unknown; tenant?: unknown; spoof?: unknown; owner?: unknown };
  if (e.f === 'flip') return `${who} flips ${String(v.flag)} ${v.on === true ? 'on' : 'off'} for ${v.tenant === 'all' ? 'all tenants' : `tenant ${String(v.tenant)}`}`;
  if (e.process === 'nemesis') return `${who} ${e.f}`;
  const key = v.key === undefined ? '' : ` ${preview(v.key, 40)}`;
  const value = v.value === undefined ? '' : ` = ${preview(v.value, 40)}`;
  const owner = v.owner === undefined ? '' : ` (tenant ${String(v.owner)}'s)`;
  const spoof = v.spoof === undefined ? '' : ` with spoofed ${String(v.spoof)}`;
  return `${who} ${e.f}${key}${owner}${value}${spoof}`;
}

/**
 * The shrunk counterexample as a short story a QA lead can read aloud: who did what, in which
 * order (operations invoked together are marked ‖), what came back, and what was wrong.
 */
export function renderStory(failure: FailedRun): string[] {
  const lines: string[] = [];
  lines.push(`tenants: ${failure.tenants.map((id, i) => `${tenantLabel(i)}=${JSON.stringify(id)}`).join(', ')}`);
  const invokes = new Map<string, HistoryEntry>();
  let n = 0;
  const pending: HistoryEntry[] = [];
  // Operations whose invoke..completion overlaps another's ran concurrently: marked ‖.
  const overlapping = new Set<HistoryEntry>();
  const open: HistoryEntry[] = [];
  for (const e of failure.history) {
    if (e.type === 'invoke') {
      if (open.length > 0) { overlapping.add(e); open.forEach((o) => overlapping.add(o)); }
      open.push(e);
    } else {
      const i = open.findIndex((o) => o.process === e.process && o.step === e.step && o.f === e.f);
      if (i >= 0) open.splice(i, 1);
    }
  }
  for (const e of failure.history) {
    // One tenant may run several operations in one concurrent step: a completion answers the
    // oldest pending invoke of the same tenant, step and function.
    const id = `${String(e.process)}:${e.step}:${e.f}`;
    if (e.type === 'invoke') {
      invokes.set(id, e);
      pending.push(e);
      continue;
    }
    const inv = pending.find((p) => `${String(p.process)}:${p.step}:${p.f}` === id) ?? invokes.get(id);
    const overlapped = inv !== undefined && overlapping.has(inv);
    const idx = inv === undefined ? -1 : pending.indexOf(inv);
    if (idx >= 0) pending.splice(idx, 1);
    const what = inv === undefined ? `${String(e.process)} ${e.f}` : describeInvoke(inv);
    const result = e.type === 'ok'
      ? (e.f === 'get' || e.f === 'list' || e.f === 'range' ? ` → ${preview(e.value, 100)}` : ' → ok')
      : ` → ${e.type}: ${preview(e.value, 80)}`;
    lines.push(`${String(++n).padStart(2)}. ${overlapped ? '‖ ' : ''}${what}${result}`);
  }
  for (const inv of pending) lines.push(`${String(++n).padStart(2)}. ${overlapping.has(inv) ? '‖ ' : ''}${describeInvoke(inv)} → (still running)`);
  lines.push(`✗ ${failure.finding.class}: ${failure.finding.message}`);
  return lines;
}

/**
 * Whether a failure may depend on timing: operations overlapped (a race), or a flip or fault ran
 * (their effects land asynchronously). Only such failures get more than one try per shrink candidate.
 */
export function mayDependOnTiming(failure: FailedRun): boolean {
  let open = 0;
  for (const e of failure.history) {
    if (e.process === 'nemesis') return true;
    if (e.type === 'invoke') {
      if (open > 0) return true;
      open++;
    } else open = Math.max(0, open - 1);
  }
  return false;
}

/** The number of operations (including flips and faults) in the shrunk counterexample. */
export function storyLength(failure: FailedRun): number {
  return failure.history.filter((e) => e.type === 'invoke').length;
}
