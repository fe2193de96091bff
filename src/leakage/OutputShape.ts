import type { OpKind } from './StoreStep.js';

/** Any value as text, for token scanning: never throws, whatever the target returned. */
export function outputText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const seen = new WeakSet<object>();
    const json = JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
        if (v instanceof Map) return [...v.entries()];
        if (v instanceof Set) return [...v.values()];
      }
      return v;
    });
    return json ?? String(value);
  } catch {
    return String(value);
  }
}

/** Short, single-line rendering for stories. */
export function preview(value: unknown, max = 120): string {
  const text = value === undefined ? 'undefined' : outputText(value);
  const shown = typeof value === 'string' ? JSON.stringify(value) : text;
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}

/** What the TenantStore contract promises each operation returns; `undefined` when it does. */
export function contractBreach(kind: OpKind, value: unknown): string | undefined {
  switch (kind) {
    case 'get':
      return typeof value === 'string' || value === null ? undefined : `a string or null, found ${preview(value)}`;
    case 'list':
      if (!Array.isArray(value)) return `an array of [key, value] pairs, found ${preview(value)}`;
      for (const pair of value as unknown[]) {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
          return `an array of [key, value] string pairs, found the entry ${preview(pair)}`;
        }
      }
      return undefined;
    case 'range':
      if (!Array.isArray(value) || (value as unknown[]).some((v) => typeof v !== 'string')) return `an array of strings, found ${preview(value)}`;
      return undefined;
    default:
      return undefined;
  }
}
