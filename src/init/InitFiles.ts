import { dirname, relative, sep } from 'node:path';
import type { ProjectScan } from './ProjectScan.js';

export interface InitPaths {
  /** Absolute paths of the three files init writes. */
  readonly config: string;
  readonly target: string;
  readonly test: string;
  readonly targetName: string;
}

/** A relative module path as written in code: `./x/y.ts`, `../x.ts`, with `/` separators. */
function modulePath(from: string, to: string): string {
  const rel = relative(from, to).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function list(items: readonly string[], indent: string): string {
  return items.map((i) => `${indent}${JSON.stringify(i)},`).join('\n');
}

function auditSection(scan: ProjectScan, configDir: string, root: string): string {
  const fromConfig = (file: string) => modulePath(configDir, `${root}/${file}`).replace(/^\.\//, '');
  const project = scan.tsconfig === undefined
    ? `    // No tsconfig.json was found at the project root: name yours here.\n    // project: 'tsconfig.json',`
    : `    project: ${JSON.stringify(fromConfig(scan.tsconfig))},`;
  const packages = [...scan.stateImports.keys()].sort();
  const files = [...new Set([...scan.stateImports.values()].flat())].sort();
  if (packages.length === 0) {
    return [
      '  audit: {',
      project,
      '    // No file imports a Redis client (ioredis, redis, @redis/client, …). Name the modules that reach',
      '    // tenant state, and the wrapper files that alone may import them:',
      "    // state: { modules: ['ioredis'] },",
      "    // wrappers: ['src/state/**'],",
      '  },',
    ].join('\n');
  }
  const spread = files.length > 3
    ? `    // ${files.length} files import ${packages.join(', ')}: narrow this list to your state-access wrapper;\n    // the audit then reports every other file that touches tenant state.`
    : `    // The files that import ${packages.join(', ')}: the only ones allowed to touch tenant state.`;
  return [
    '  audit: {',
    project,
    '    // Importing or calling these packages is state access.',
    `    state: { modules: [${packages.map((p) => JSON.stringify(p)).join(', ')}] },`,
    spread,
    '    wrappers: [',
    list(files.map(fromConfig), '      '),
    '    ],',
    '  },',
  ].join('\n');
}

export function renderConfig(paths: InitPaths, scan: ProjectScan, root: string): string {
  const configDir = dirname(paths.config);
  return `// isogate's config for this project, written by \`npx isogate init\`. Paths are relative to this
// file. Every field is typed by defineConfig; the README shipped in node_modules/isogate/ explains
// each section and every error code.
import { defineConfig } from 'isogate';

export default defineConfig({
  targets: {
    // The leakage engine drives your state-access code through this module: fill in its
    // createStore() so each method calls your wrapper as the given tenant.
    ${JSON.stringify(paths.targetName)}: {
      kind: 'module',
      module: ${JSON.stringify(modulePath(configDir, paths.target))},
      export: 'createStore',
      // The tenant ids your code accepts (default: any non-empty string). isogate draws ids from
      // the whole space, prefixes of each other included: 'acme' and 'acme2'.
      // tenantId: /^[a-z0-9-]{1,32}$/,
      // Exact key/value semantics: a lost write or a stale read is a finding too.
      // exact: true,
      // Where one tenant's Redis keys must lie ({ns} and {tenant} filled in, * a wildcard).
      // keyspace: '{ns}:tenant:{tenant}:*',
    },
  },
  // \`isogate leak\`: the search budget. Raise runs for a sign-off run.
  // leakage: { runs: 100, tenants: { min: 2, max: 8 } },
${auditSection(scan, configDir, root)}
  // \`isogate gate --plan P --stage S\`: a preset plan (tenant-scoped-state, request-isolation,
  // tenant-header, keyspace-migration, tenant-filtered-retrieval) or a plan of your own.
  // gate: { plan: 'tenant-scoped-state' },
});
`;
}

export function renderTarget(): string {
  return `// The isogate target for this project, written by \`npx isogate init\`: a TenantStore around
// your own state-access code. isogate calls createStore() once per run with a Redis URL and a key
// namespace of its own (every key your store writes must start with it), then drives the store as
// many tenants at once and checks that no tenant ever sees another's data.
import type { CreateStore, TenantStore } from 'isogate';

const todo = (method: string): never => {
  throw new Error(\`isogate target: implement \${method}() in the file isogate init wrote\`);
};

export const createStore: CreateStore = async ({ redisUrl, namespace }) => {
  // Connect your wrapper to redisUrl, and prefix its keys with namespace, e.g.:
  //   const redis = new Redis(redisUrl);
  //   const state = new YourTenantState(redis, { prefix: namespace });
  void redisUrl;
  void namespace;
  const store: TenantStore = {
    /** Store value under key, as tenant. */
    put: async (_tenant, _key, _value) => todo('put'),
    /** The value tenant stored under key, or null. */
    get: async (_tenant, _key) => todo('get'),
    /** Every [key, value] tenant holds. */
    list: async (_tenant) => todo('list'),
    /** Remove tenant's key. */
    delete: async (_tenant, _key) => todo('delete'),
    // Optional, checked when present: an append-only stream per tenant, and clearing a tenant.
    // append: async (tenant, stream, value) => { … },
    // range: async (tenant, stream) => [ … ],
    // clear: async (tenant) => { … },
    /** Release connections: isogate calls it once, at the end of the run. */
    close: async () => {},
  };
  return store;
};
`;
}

export function renderTest(paths: InitPaths): string {
  return `// The leakage property against the ${JSON.stringify(paths.targetName)} target of the isogate config, written by
// \`npx isogate init\`. fast-check draws tenants, keys and interleaved operations (feature-flag
// flips and Redis faults included) and shrinks a failure to a short story. It needs a Redis:
// REDIS_URL, a Docker engine, or redis-server on PATH. \`npx isogate leak\` runs the same search
// with the config's budget and writes the evidence \`isogate gate\` reads.
import { afterAll } from 'vitest';
import { openLeakScenarioFromConfig, test } from 'isogate/vitest';

const s = await openLeakScenarioFromConfig(new URL(${JSON.stringify(modulePath(dirname(paths.test), paths.config))}, import.meta.url), ${JSON.stringify(paths.targetName)});
afterAll(() => s.close());

test.prop([s.arbitrary], { numRuns: 50, endOnFailure: true })(
  ${JSON.stringify(`${paths.targetName}: no tenant observes another tenant's data`)},
  (v) => s.property(v),
  300_000, // a hang guard for the whole search, not a goal
);
`;
}
