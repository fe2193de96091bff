import { startArm, type RunningArm } from '../load/index.js';
import { openRunNamespace, startRedis, type RunNamespace, type RunningRedis } from '../redis/index.js';
import { IsogateError } from '../errors/index.js';
import type { RehearsalConfig } from './ProductionConfig.js';
import { driveRehearsalTraffic, type TrafficTotals } from './RehearsalTraffic.js';
import { startLocalPrometheus, type LocalPrometheus } from './startLocalPrometheus.js';

export interface RehearsalOptions {
  config: RehearsalConfig;
  /** The config file's directory (module arms resolve against it). */
  dir: string;
  canaryPercent: number;
  seed: number;
  env: NodeJS.ProcessEnv;
  progress(line: string): void;
}

/** A running rehearsal: Prometheus on loopback that has scraped both fleets through the traffic. */
export interface Rehearsal {
  prometheusUrl: string;
  /** Unix seconds: the end of the window to judge, and its length (`Ns`). */
  end: number;
  window: string;
  windowSeconds: number;
  traffic: TrafficTotals;
  fleets: { control: string[]; canary: string[] };
  stop(): Promise<void>;
}

const TENANTS = ['acme', 'globex', 'initech', 'umbrella'];

/**
 * `production: { prometheus: 'local' }`: a control and a canary fleet of the configured service on
 * one Redis, Prometheus on loopback scraping them every second, generated traffic for a short
 * window. What it yields is a rehearsal of the production judgement, never production evidence.
 */
export async function rehearseProduction(o: RehearsalOptions): Promise<Rehearsal> {
  const { config } = o;
  if (config.control === undefined || config.canary === undefined) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected production.rehearsal.control and .canary (how to start each cohort's service) for prometheus: 'local', found ${config.control === undefined ? 'no control' : 'no canary'}`, {
      hint: "give each a { module, export, options } or { command } as for load.baseline; or point production.prometheus at a real Prometheus { url }",
    });
  }
  let redis: RunningRedis | undefined;
  let ns: RunNamespace | undefined;
  const arms: RunningArm[] = [];
  let prometheus: LocalPrometheus | undefined;
  const stop = async (): Promise<void> => {
    await prometheus?.stop();
    await Promise.allSettled(arms.map((a) => a.stop()));
    await ns?.cleanup().catch(() => 0);
    await redis?.stop();
  };
  try {
    const getRedis = async (): Promise<RunningRedis> => (redis ??= await startRedis({ env: o.env }));
    const namespace = async (): Promise<string> => (ns ??= await openRunNamespace(await getRedis())).prefix;
    const ctx = { dir: o.dir, redisUrl: async () => (await getRedis()).url, namespace };
    await getRedis();
    await namespace();
    const fleets = { control: [] as string[], canary: [] as string[] };
    for (const cohort of ['control', 'canary'] as const) {
      const spec = config[cohort];
      if (spec === undefined) continue;
      for (let i = 0; i < config.instances; i++) {
        // One namespace per cohort: its instances are one deployment sharing its state.
        const arm = await startArm(spec, cohort, ctx);
        arms.push(arm);
        fleets[cohort].push(arm.url);
      }
    }
    o.progress(`rehearsal: ${config.instances} control + ${config.instances} canary instance(s) up`);
    const hostPort = (u: string): string => new URL(u).host;
    prometheus = await startLocalPrometheus({
      jobs: [{ job: 'isogate-control', targets: fleets.control.map(hostPort) }, { job: 'isogate-canary', targets: fleets.canary.map(hostPort) }],
      scrapeIntervalSeconds: 1,
    });
    o.progress(`rehearsal: prometheus ${prometheus.url} scraping every 1 s; ${config.seconds} s of traffic at ${config.rps} req/s, ${o.canaryPercent}% to the canary`);
    const trafficStart = Date.now();
    const traffic = await driveRehearsalTraffic({
      control: fleets.control, canary: fleets.canary, canaryPercent: o.canaryPercent, rps: config.rps, seconds: config.seconds,
      crossTenantShare: config.crossTenantShare, tenants: TENANTS, seed: config.seed ?? o.seed,
    });
    // Two more scrapes, so the last requests are in Prometheus before the window closes.
    await new Promise((r) => setTimeout(r, 2_500));
    // The traffic's own span (a busy driver may take longer than asked), less its first seconds:
    // a series exists only from a cohort's first request and the scrape after it, and the first
    // scrape of a just-started Prometheus can come late.
    const windowSeconds = Math.max(2, Math.floor((Date.now() - trafficStart) / 1000) - 5);
    const p = prometheus;
    return { prometheusUrl: p.url, end: Date.now() / 1000, window: `${windowSeconds}s`, windowSeconds, traffic, fleets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
