import { pick } from '../../random/index.js';
import type { TokenGrant } from '../ScenarioTargets.js';

export const CANONICAL = 'X-StellaOps-Tenant';
export const LEGACY = ['X-Stella-Tenant', 'X-Tenant-Id'] as const;
export const HEADER_NAMES = [CANONICAL, ...LEGACY] as const;
/** The first instant the aliases are no longer supported ("through 2026-03-31"). */
export const CUTOFF = new Date('2026-04-01T00:00:00.000Z');

export type NameCase = 'as-documented' | 'lower' | 'upper';
export type ValueRole = 'self' | 'other' | 'self-upper' | 'list' | 'empty';
const NAME_CASES: readonly NameCase[] = ['as-documented', 'lower', 'upper'];
const VALUE_ROLES: readonly ValueRole[] = ['self', 'other', 'self-upper', 'list', 'empty'];
/** Pairs leave out the upper-case self and the empty value: alone they are already in every position. */
const PAIR_ROLES: readonly ValueRole[] = ['self', 'other', 'list'];

export interface HeaderSpec {
  name: (typeof HEADER_NAMES)[number];
  nameCase: NameCase;
  value: ValueRole;
}

export type TokenCase = 'none' | 'unknown' | 'tenant-a' | 'tenant-b' | 'multi-selected' | 'ambiguous';
export const TOKEN_CASES: readonly TokenCase[] = ['none', 'unknown', 'tenant-a', 'tenant-b', 'multi-selected', 'ambiguous'];

export interface SpoofCase {
  id: number;
  token: TokenCase;
  headers: HeaderSpec[];
}

export type Expected = { status: 200; tenant: string } | { status: 400 | 401 | 403; reason: string };

export const TENANT_A = 'acme';
export const TENANT_B = 'globex';

/** The token table the gateway under test is started with: the check knows every grant. */
export const SPOOF_TOKENS: Record<string, TokenGrant> = {
  'tok-acme': { tenants: [TENANT_A] },
  'tok-globex': { tenants: [TENANT_B] },
  'tok-multi': { tenants: [TENANT_A, TENANT_B], selected: TENANT_B },
  'tok-ambiguous': { tenants: [TENANT_A, TENANT_B] },
};

const TOKEN_OF: Record<TokenCase, string | undefined> = {
  none: undefined, unknown: 'tok-nobody', 'tenant-a': 'tok-acme', 'tenant-b': 'tok-globex',
  'multi-selected': 'tok-multi', ambiguous: 'tok-ambiguous',
};

/**
 * Every header name × name case × value on its own, and every pair of names × values with a
 * seeded name case, for every token kind. Pairs are where a router that handles only the
 * first header it finds lets a spoofed alias through.
 */
export function spoofCases(random: () => number): SpoofCase[] {
  const sets: HeaderSpec[][] = [[]];
  for (const name of HEADER_NAMES) for (const nameCase of NAME_CASES) for (const value of VALUE_ROLES) sets.push([{ name, nameCase, value }]);
  for (let i = 0; i < HEADER_NAMES.length; i++) {
    for (let j = i + 1; j < HEADER_NAMES.length; j++) {
      for (const v1 of PAIR_ROLES) {
        for (const v2 of PAIR_ROLES) {
          sets.push([
            { name: HEADER_NAMES[i]!, nameCase: pick(random, NAME_CASES), value: v1 },
            { name: HEADER_NAMES[j]!, nameCase: pick(random, NAME_CASES), value: v2 },
          ]);
        }
      }
    }
  }
  const cases: SpoofCase[] = [];
  for (const token of TOKEN_CASES) for (const headers of sets) cases.push({ id: cases.length, token, headers });
  return cases;
}

/** The one tenant a token selects, or undefined (no token, unknown token, ambiguous grant). */
export function tokenTenant(token: TokenCase): string | undefined {
  const grant = TOKEN_OF[token] === undefined ? undefined : SPOOF_TOKENS[TOKEN_OF[token]!];
  if (grant === undefined) return undefined;
  if (grant.selected !== undefined) return grant.selected;
  return grant.tenants.length === 1 ? grant.tenants[0] : undefined;
}

function valueFor(role: ValueRole, self: string): string {
  const other = self === TENANT_A ? TENANT_B : TENANT_A;
  switch (role) {
    case 'self': return self;
    case 'other': return other;
    case 'self-upper': return self.toUpperCase();
    case 'list': return `${self}, ${other}`;
    case 'empty': return '';
  }
}

function nameIn(name: string, nameCase: NameCase): string {
  return nameCase === 'lower' ? name.toLowerCase() : nameCase === 'upper' ? name.toUpperCase() : name;
}

/** The request as sent: the self of a tokenless request is tenant A (a spoof aimed at A). */
export function requestHeaders(c: SpoofCase): Record<string, string> {
  const self = tokenTenant(c.token) ?? TENANT_A;
  const headers: Record<string, string> = {};
  const token = TOKEN_OF[c.token];
  if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
  for (const h of c.headers) headers[nameIn(h.name, h.nameCase)] = valueFor(h.value, self);
  return headers;
}

/**
 * The rollout document's rules, in the order a deterministic gateway applies them: no valid
 * token 401; no single selected tenant 403; an alias outside the compatibility window 400; any
 * tenant header naming anything but the token's tenant 403; else served as the token's tenant.
 */
export function expectedOutcome(c: SpoofCase, mode: 'compat' | 'strict', now: Date): Expected {
  if (TOKEN_OF[c.token] === undefined || c.token === 'unknown') return { status: 401, reason: 'unauthenticated' };
  const tenant = tokenTenant(c.token);
  if (tenant === undefined) return { status: 403, reason: 'ambiguous' };
  const legacy = c.headers.some((h) => h.name !== CANONICAL);
  if (legacy && (mode === 'strict' || now >= CUTOFF)) return { status: 400, reason: 'legacy-rejected' };
  const sent = requestHeaders(c);
  const named = Object.entries(sent).filter(([k]) => k.toLowerCase() !== 'authorization')
    .flatMap(([, v]) => v.split(',').map((x) => x.trim()));
  if (named.some((v) => v !== tenant)) return { status: 403, reason: 'mismatch' };
  return { status: 200, tenant };
}

export function describeCase(c: SpoofCase): string {
  const hs = c.headers.map((h) => `${h.name}[${h.nameCase}]=${h.value}`).join(' ') || 'no tenant header';
  return `token ${c.token}, ${hs}`;
}
