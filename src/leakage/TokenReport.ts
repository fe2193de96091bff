import { findTokens } from './CanaryToken.js';
import { outputText, preview } from './OutputShape.js';
import { tenantLabel } from './tenantLabel.js';

/** Tokens in `text` that are not tenant `t`'s of run `run`: another tenant's, or an earlier run's. */
export function foreignTokens(run: number, t: number, text: string): string[] {
  const tokens = findTokens(text).filter((tok) => tok.run !== run || tok.tenant !== t);
  return [...new Set(tokens.map((tok) => tok.text))];
}

/** Whose tokens they are, for a finding's message. */
export function describeTokens(run: number, tokens: readonly string[]): string {
  const owners = [...new Set(tokens.map((text) => findTokens(text)[0]).filter((tok) => tok !== undefined)
    .map((tok) => (tok.run === run ? `tenant ${tenantLabel(tok.tenant)}'s` : `run ${tok.run}'s tenant ${tenantLabel(tok.tenant)}'s`)))];
  return `${owners.join(' and ')} token${tokens.length > 1 ? 's' : ''} ${tokens.slice(0, 3).join(', ')}`;
}

/** Where in an output a token shows: a listed key, a listed value, an entry, or the output itself. */
export function whereIn(value: unknown, token: string): string {
  if (Array.isArray(value)) {
    for (const entry of value as unknown[]) {
      if (Array.isArray(entry) && entry.length === 2) {
        if (outputText(entry[0]).includes(token)) return `in a key: ${preview(entry)}`;
        if (outputText(entry[1]).includes(token)) return `in a value: ${preview(entry)}`;
      } else if (outputText(entry).includes(token)) return `in an entry: ${preview(entry)}`;
    }
  }
  return `in the output ${preview(value)}`;
}

/**
 * The key a listing shows `token` under, when the listing is [key, value] pairs and lists that
 * key once: listed twice, the other tenant's entry sits beside the tenant's own (a read leak),
 * not over it.
 */
export function listedKeyOf(value: unknown, token: string): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const pairs = (value as unknown[]).filter((e): e is [unknown, unknown] => Array.isArray(e) && e.length === 2);
  const hit = pairs.find((e) => outputText(e[1]).includes(token) && typeof e[0] === 'string')?.[0];
  return typeof hit === 'string' && pairs.filter((e) => e[0] === hit).length === 1 ? hit : undefined;
}
