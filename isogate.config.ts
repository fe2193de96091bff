// The demo config: isogate pointed at the bundled reference service.
import { defineConfig } from 'isogate';

export default defineConfig({
  targets: {
    reference: {
      kind: 'module',
      module: './fixtures/reference-service/index.ts',
      export: 'createStore',
      exact: true,
      // The service encodes tenant ids in its keys; it exports the glob of one tenant's key space.
      keyspace: { module: './fixtures/reference-service/index.ts', export: 'tenantKeyspace' },
      flags: { module: './fixtures/reference-service/index.ts', export: 'setFlag' },
    },
    'reference-http': {
      kind: 'http',
      // Started per run by isogate on its own Redis (faults from ISOGATE_FAULT).
      start: { module: './fixtures/reference-service/index.ts', export: 'start' },
      // acme2 has acme's id as a prefix: where string key spaces collide (SCAN patterns, clears).
      options: { tokens: Object.fromEntries(['acme', 'acme2', 'globex', 'initech', 'umbrella'].map((id) => [`tok-${id}`, id])) },
      tenants: ['acme', 'acme2', 'globex', 'initech', 'umbrella'].map((id) => ({ id, headers: { Authorization: `Bearer tok-${id}` } })),
      resources: {
        items: {
          create: { method: 'POST', path: '/items', body: { value: '{token}' }, idFrom: 'id' },
          read: { method: 'GET', path: '/items/{id}' },
          list: { method: 'GET', path: '/items' },
          delete: { method: 'DELETE', path: '/items/{id}' },
        },
        kv: {
          create: { method: 'PUT', path: '/kv/{id}', body: { value: '{token}' } },
          read: { method: 'GET', path: '/kv/{id}' },
          list: { method: 'GET', path: '/kv' },
          delete: { method: 'DELETE', path: '/kv/{id}' },
          // Clears every state kind of the calling tenant (items and events too).
          clear: { method: 'DELETE', path: '/state', scope: 'tenant' },
          idScope: 'tenant',
        },
        events: {
          create: { method: 'POST', path: '/events/{id}', body: { value: '{token}' } },
          read: { method: 'GET', path: '/events/{id}' },
          idScope: 'tenant',
        },
      },
      denyStatuses: [403, 404],
      exact: true,
      keyspace: { module: './fixtures/reference-service/index.ts', export: 'tenantKeyspace' },
      flags: { module: './fixtures/reference-service/index.ts', export: 'setFlag' },
    },
  },
  // `isogate audit` (npm run audit): only the reference service's state-access wrapper touches
  // Redis (tenant-scoped-state-rollout.md, "AST audit"). scenarios/ holds other pillars' seeded
  // faults (KEYS, legacy headers) and is not part of the service. Paths are relative to this file.
  audit: {
    project: 'tsconfig.json',
    include: ['fixtures/reference-service/**'],
    exclude: ['fixtures/reference-service/scenarios/**'],
    wrappers: ['fixtures/reference-service/state-access/**'],
    state: { modules: ['ioredis'] },
    requestPath: ['fixtures/reference-service/**'],
    legacyHeaders: { names: ['x-tenant-id', 'x-stella-tenant'], allowedIn: [], until: '2026-03-31' },
  },
  // `isogate load`: both arms are the reference service in its own process on its own namespace
  // of one Redis isogate starts, built from `arms` (a gate stage passes its own: deploy-off
  // compares new:off with previous:off, a canary new:cohort=10 with new:off, ...). Each request
  // carries the service's default simulated downstream cost (20 ms wait + 0.2 ms CPU,
  // fixtures/reference-service/DownstreamCost.ts), so the state layer's overhead is measured
  // inside a request of realistic size. Thresholds from tenant-scoped-state-rollout.md ("API
  // latency increase < 10%", "error rate increase < 0.1%", "Redis latency < 5ms P95").
  load: {
    service: { module: './fixtures/reference-service/index.ts', export: 'startReferenceArm' },
    arms: { candidate: 'new:all', baseline: 'previous:off' },
    // Three fresh process pairs: their spread is part of every interval (random effects).
    pairs: 3,
    mode: 'duet',
    // Requests mostly wait downstream (~21 ms), so a closed-loop probe needs tens of connections to
    // find the CPU's capacity rather than the connections' (rate = 30% of what the probe finds).
    pacing: { connectionsPerArm: 40 },
    rounds: 1,
    roundSeconds: 12,
    criteria: {
      p50: { maxIncrease: 0.10, floorMs: 0.1 },
      p95: { maxIncrease: 0.10, floorMs: 0.25 },
      errorRateIncrease: 0.001,
    },
    redisLatency: { p95LimitMs: 5 },
    // The staged stage's noisy-neighbour criterion asks for 1,000 answers a side: 300 req/s over
    // 12 s of alternating 2 s slots gives the quiet tenant ~1,800 (150 req/s over the default 20 s
    // gave ~1,500), eight seconds sooner.
    noisyNeighbour: { seconds: 12, quietRps: 300 },
  },
  // `isogate drill`: the rollback drill executes the runbook declared here. The rollout document's
  // procedure sets only the global flag false and broadcasts; in the reference service a per-tenant
  // override outranks the global value, so that alone leaves an allow-list's or a cohort's tenants
  // on Redis. The demo's runbook also turns every per-tenant override off, and says so here; each
  // drill's evidence and log record the steps drilled. A team whose runbook is the document's as
  // written leaves the default ('global-off'), and its drill fails wherever overrides are set.
  drills: {
    // hang guard: each instance compiles the service through tsx on start; on a shared 2-core
    // machine at load average ~30 that took over the default 20 s.
    service: { readyTimeoutMs: 60_000 },
    rollback: { procedure: 'global-and-overrides-off' },
  },
  // `isogate production` and the production stages of every plan: a local REHEARSAL (Prometheus on
  // loopback scraping a control, a baseline and a canary fleet of the reference service under
  // generated traffic; the canary is judged against the baseline, a fresh control fleet of the
  // canary's size and traffic share), never production evidence. Point `prometheus` at { url }
  // for real metrics.
  // ISOGATE_FAULT switches a fault on in the canary fleet only.
  production: {
    prometheus: 'local',
    rehearsal: {
      // faults: '' — the control (and the baseline, started from this spec) never takes ISOGATE_FAULT.
      control: { module: './fixtures/reference-service/index.ts', export: 'startReferenceArm', options: { cohort: 'control', tenantScopedState: true, faults: '' } },
      canary: { module: './fixtures/reference-service/index.ts', export: 'startReferenceArm', options: { cohort: 'canary', tenantScopedState: true, faults: process.env.ISOGATE_FAULT } },
      // One control process takes the rest of the traffic; canary and baseline two each. At 10%
      // a canary sees 1 request in 10: 1500 req/s for 60 s (58 s judged after the capacity probe's
      // 2-s lead) gives each of canary and baseline about 8,700 requests, enough to know the P95
      // ratio to within about ±6% (quiet walks read [0.945, 1.056] from 8,500 each and
      // [0.967, 1.061] from 9,450; 300 req/s left it at ±12%, too wide to decide "P95 <= +10%",
      // so a correct service was INCONCLUSIVE). 60 s
      // is the longest a rehearsal runs unless a limit's arithmetic needs more: it caps the 10%
      // canary's P95 need (20,000 a cohort, 136 s), which keeps that stage under three minutes end
      // to end beside its leak and load checks; a stage whose thresholds need fewer requests gets
      // them sooner (src/production/rehearsalSeconds.ts).
      // rps is a ceiling: a machine whose fleets answer less than 1500 req/s in the capacity probe
      // gets what they keep in 2-s paced holds, and a longer rehearsal (capacityShare, README "Rehearsal").
      instances: 1,
      canaryInstances: 2,
      seconds: 60,
      rps: 1500,
    },
    limits: { minRequests: 600 },
  },
});
