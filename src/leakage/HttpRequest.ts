export interface HttpRequestSpec {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

export interface HttpResource {
  readonly name: string;
  readonly create: HttpRequestSpec & { readonly idFrom: string };
  readonly read?: HttpRequestSpec;
  readonly list?: HttpRequestSpec;
  readonly delete?: HttpRequestSpec;
  readonly clear?: HttpRequestSpec & { readonly scope: 'resource' | 'tenant' };
  readonly idScope: 'global' | 'tenant';
}

/** A request body template with `{token}` and `{id}` filled in, at any depth. */
export function fillBody(template: unknown, vars: Record<string, string>): unknown {
  if (typeof template === 'string') return template.replace(/\{(token|id)\}/g, (_m, name: string) => vars[name] ?? '');
  if (Array.isArray(template)) return template.map((v) => fillBody(v, vars));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillBody(v, vars)]));
  }
  return template;
}

function pick(json: unknown, path: string): unknown {
  let cur = json;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The id a create's JSON reply carries at `path` (dotted), if it is a string or a number. */
export function idFrom(text: string, path: string): string | undefined {
  try {
    const value = pick(JSON.parse(text) as unknown, path);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  } catch {
    return undefined;
  }
}
