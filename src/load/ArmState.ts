import { IsogateError } from '../errors/index.js';

/**
 * What an arm of a load comparison is, in rollout terms: which build runs and who has the new
 * code path's flag on. A stage plan declares one for its candidate and one for what the
 * candidate is compared with; the load engine builds both arms from them.
 *   previous:off        the build before the rollout (no new code at all)
 *   new:off             the new build deployed with its flag off for everybody
 *   new:allow=1         the flag on for the first N tenants of the traffic (an allow-list)
 *   new:allow=acme+bob  the flag on for the named tenants
 *   new:cohort=10       the flag on for a hash cohort of 10% of tenants (the target's own hash)
 *   new:all             the flag on for everybody
 */
export type Exposure =
  | { kind: 'off' }
  | { kind: 'allow-list'; count: number }
  | { kind: 'allow-list'; tenants: readonly string[] }
  | { kind: 'cohort'; percent: number }
  | { kind: 'all' };

export type Build = 'previous' | 'new';

export interface ArmState {
  build: Build;
  exposure: Exposure;
}

/** A stage's comparison: its candidate, and what it is compared with. */
export interface ArmComparison {
  candidate: ArmState;
  baseline: ArmState;
}

/** An exposure made concrete against the tenants the traffic uses (what an arm is started with). */
export type ResolvedExposure =
  | { kind: 'off' }
  | { kind: 'allow-list'; tenants: readonly string[] }
  | { kind: 'cohort'; percent: number }
  | { kind: 'all' };

const SPEC = /^(previous|new):(off|all|allow=(\d+|[^+\s]+(?:\+[^+\s]+)*)|cohort=(\d+(?:\.\d+)?))$/;

function invalid(text: string): IsogateError {
  return new IsogateError('ISOGATE_USAGE', `expected an arm like new:off, previous:off, new:allow=1, new:allow=acme+globex, new:cohort=10 or new:all, found ${JSON.stringify(text)}`, {
    hint: 'build (previous|new), then who has the flag on (off, all, allow=<n>|<id>+<id>, cohort=<percent>)',
  });
}

export function parseArmState(text: string): ArmState {
  const m = SPEC.exec(text.trim());
  if (m === null) throw invalid(text);
  const build = m[1] as Build;
  const what = m[2] as string;
  let exposure: Exposure;
  if (what === 'off' || what === 'all') exposure = { kind: what };
  else if (m[3] !== undefined) exposure = /^\d+$/.test(m[3]) ? { kind: 'allow-list', count: Number(m[3]) } : { kind: 'allow-list', tenants: m[3].split('+') };
  else {
    const percent = Number(m[4]);
    if (!(percent >= 0 && percent <= 100)) throw invalid(text);
    exposure = { kind: 'cohort', percent };
  }
  if (build === 'previous' && exposure.kind !== 'off') throw invalid(`${text} (the previous build has no flag to turn on)`);
  return { build, exposure };
}

export function formatExposure(e: Exposure | ResolvedExposure): string {
  switch (e.kind) {
    case 'off': case 'all': return e.kind;
    case 'cohort': return `cohort=${e.percent}`;
    case 'allow-list': return 'count' in e ? `allow=${e.count}` : `allow=${e.tenants.join('+')}`;
  }
}

export function formatArmState(s: ArmState): string {
  return `${s.build}:${formatExposure(s.exposure)}`;
}

/** An allow-list of N is the first N tenants of the traffic (capped at how many there are). */
export function resolveExposure(e: Exposure, tenants: readonly string[]): ResolvedExposure {
  if (e.kind === 'allow-list' && 'count' in e) return { kind: 'allow-list', tenants: tenants.slice(0, e.count) };
  return e;
}

/** In words, for reports: "new build, flag on for a 10% hash cohort". */
export function describeArmState(s: ArmState): string {
  const build = s.build === 'previous' ? 'previous build' : 'new build';
  const e = s.exposure;
  switch (e.kind) {
    case 'off': return `${build}, flag off`;
    case 'all': return `${build}, flag on for all`;
    case 'cohort': return `${build}, flag on for a ${e.percent}% hash cohort`;
    case 'allow-list': return `${build}, flag on for ${'count' in e ? `an allow-list of ${e.count} tenant${e.count === 1 ? '' : 's'}` : e.tenants.join(', ')}`;
  }
}

/** What `isogate load` compares when nothing says otherwise: the flag on for all vs the previous build. */
export const DEFAULT_ARMS: ArmComparison = {
  candidate: { build: 'new', exposure: { kind: 'all' } },
  baseline: { build: 'previous', exposure: { kind: 'off' } },
};
