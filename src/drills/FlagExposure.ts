/**
 * Who has the drilled flag on when a drill's fleet starts: the stage's candidate exposure (the
 * cli turns an arm spec such as `new:allow=1` into one). Nobody, a list of tenants, a hash
 * cohort of a percentage of tenants (the service's own cohort function decides who), or
 * everybody. A drill given none starts with the flag on for everybody.
 */
export type FlagExposure =
  | { kind: 'off' }
  | { kind: 'allow-list'; tenants: readonly string[] }
  | { kind: 'cohort'; percent: number }
  | { kind: 'all' };

export const ALL_EXPOSED: FlagExposure = { kind: 'all' };

export function describeFlagExposure(e: FlagExposure): string {
  switch (e.kind) {
    case 'off': return 'flag off for everybody';
    case 'all': return 'flag on for everybody';
    case 'cohort': return `flag on for a ${e.percent}% hash cohort`;
    case 'allow-list': return `flag on for ${e.tenants.length === 0 ? 'nobody (an empty allow-list)' : e.tenants.join(', ')}`;
  }
}
