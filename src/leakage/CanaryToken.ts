/**
 * Canary tokens (docs/architecture.md, "The target"): every key and value a tenant writes carries a token naming the run
 * and the tenant that wrote it, so any output that shows a token of another tenant is a leak,
 * with no knowledge of the target's semantics. Tokens are lowercase letters and digits, so they
 * fit most declared key alphabets.
 */
export interface CanaryToken {
  readonly text: string;
  readonly run: number;
  readonly tenant: number;
}

// A value token is matched whole (with its sequence number), so a finding can tell a value it
// shows from a key name; a bare 'v' still counts (a store may cut a value short).
const TOKEN_PATTERN = /cnry(\d+)t(\d+)(?:v\d+z|[kvx])/g;

export function keyToken(run: number, tenant: number): string {
  return `cnry${run}t${tenant}k`;
}

export function valueToken(run: number, tenant: number, seq: number): string {
  return `cnry${run}t${tenant}v${seq}z`;
}

/** Tokens that fit an alphabet of letters only, for targets whose keys may not carry digits. */
export function letterKeyToken(run: number, tenant: number): string {
  const letters = (n: number): string => String(n).replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? 'a');
  return `cnrx${letters(run)}q${letters(tenant)}k`;
}

const LETTER_PATTERN = /cnrx([a-j]+)q([a-j]+)k/g;
const fromLetters = (s: string): number => Number(s.replace(/[a-j]/g, (c) => String(c.charCodeAt(0) - 97)));

/** Every token in a piece of text, in order of appearance. */
export function findTokens(text: string): CanaryToken[] {
  const found: CanaryToken[] = [];
  for (const m of text.matchAll(TOKEN_PATTERN)) found.push({ text: m[0], run: Number(m[1]), tenant: Number(m[2]) });
  for (const m of text.matchAll(LETTER_PATTERN)) found.push({ text: m[0], run: fromLetters(m[1] ?? ''), tenant: fromLetters(m[2] ?? '') });
  return found;
}

/** True when drawn text could be mistaken for a token: such draws are rejected. */
export function looksLikeToken(text: string): boolean {
  return /cnr[yx]/.test(text);
}
