/** Every rule the audit reports: the id is stable (allow comments, baselines and SARIF name it). */
export interface AuditRule {
  readonly id: RuleId;
  readonly description: string;
  readonly hint: string;
}

export const RULE_IDS = [
  'state-access',
  'unverifiable-access',
  'module-singleton',
  'legacy-header',
  'redis-keys',
  'redis-tls',
  'allow-missing-reason',
  'allow-expired',
  'allow-unused',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export const RULES: Readonly<Record<RuleId, AuditRule>> = {
  'state-access': {
    id: 'state-access',
    description: 'Tenant state (a state module, symbol or global) is touched outside the state-access wrappers.',
    hint: 'call a function of the state-access wrapper instead; if the wrapper lacks one, add it there',
  },
  'unverifiable-access': {
    id: 'unverifiable-access',
    description: 'Code that may reach tenant state in a way the audit cannot decide statically (run-time keys, eval, Reflect with a variable, dynamic require/import).',
    hint: 'use a constant key or a direct import so the audit can follow it, or move the code into a wrapper',
  },
  'module-singleton': {
    id: 'module-singleton',
    description: 'A module-level mutable singleton in request-path code outlives the request and can carry one tenant\'s data into another\'s.',
    hint: 'create the object per request (a factory taking the request context) or make it immutable (const, readonly, Object.freeze, as const)',
  },
  'legacy-header': {
    id: 'legacy-header',
    description: 'A legacy tenant header is read outside the compatibility module or after the compatibility window.',
    hint: 'read the tenant from the canonical header (X-StellaOps-Tenant) or the token; only the compat module may read legacy headers, until the cutoff date',
  },
  'redis-keys': {
    id: 'redis-keys',
    description: 'Redis KEYS blocks the server and walks every tenant\'s keys; the migration requires SCAN.',
    hint: 'iterate with SCAN (ioredis: scanStream({ match, count })) over the tenant\'s own prefix',
  },
  'redis-tls': {
    id: 'redis-tls',
    description: 'A Redis URL in production config is not rediss:// (TLS).',
    hint: 'use a rediss:// URL in production config',
  },
  'allow-missing-reason': {
    id: 'allow-missing-reason',
    description: 'An isogate-allow comment gives no reason.',
    hint: 'write `// isogate-allow <rule>: <reason> [until YYYY-MM-DD]`',
  },
  'allow-expired': {
    id: 'allow-expired',
    description: 'An isogate-allow comment is past its until date.',
    hint: 'fix the code it excused, or extend the date with a reason a reviewer accepts',
  },
  'allow-unused': {
    id: 'allow-unused',
    description: 'An isogate-allow comment suppresses nothing (or names no known rule).',
    hint: 'delete the comment; an exception that excuses nothing hides the next real one',
  },
};

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
