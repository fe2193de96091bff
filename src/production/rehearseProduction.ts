import { startArm, type RunningArm } from '../load/index.js';
import { openRunNamespace, startRedis, type RunNamespace, type RunningRedis } from '../redis/index.js';
import { IsogateError } from '../errors/index.js';
import type { RehearsalConfig } from './ProductionConfig.js';
import { driveRehearsalTraffic, type TrafficTotals } from './RehearsalTraffic.js';
import { deployScenarioFlags, type ScenarioWorkload } from './ScenarioTraffic.js';
import { startLocalPrometheus, type LocalPrometheus } from './startLocalPrometheus.js';
import { KEPT_RATE_SHARE } from './judgeRehearsalPace.js';
import { PROBE_SLICE_SECONDS, rehearsalRate, type RehearsalRate } from './rehearsalRate.js';
import { probeCapacity } from './probeCapacity.js';
import { describeHolds, holdRate } from './holdRate.js';
import { awaitScrapeAfter } from './awaitScrapeAfter.js';
import { PROBED_LEAD_SECONDS, WINDOW_LEAD_SECONDS, type RehearsalDuration } from './rehearsalSeconds.js';

export interface RehearsalOptions {
  config: RehearsalConfig;
  /** The config file's directory (module arms resolve against it). */
  dir: string;
  canaryPercent: number;
  seed: number;
  env: NodeJS.ProcessEnv;
  progress(line: string): void;
  /** Routes of the reference service the judged shares need: the canary is deployed with their flags and the traffic drives them. */
  workloads?: readonly ScenarioWorkload[];
  /** Share of requests sent with a legacy tenant header (default: none). */
  legacyHeaderShare?: number;
  /**
   * Seconds of traffic at the rate the rehearsal settles on, `leadSeconds` of them before the
   * window: what the stage's thresholds need (rehearsalSeconds). Default: config.seconds.
   */
  duration?: (rps: number, leadSeconds: number) => RehearsalDuration;
}

/** The cohorts of a rehearsal, as the `cohort` label Prometheus puts on each fleet's series. */
export interface RehearsalCohorts {
  control: string;
  baseline: string;
  canary: string;
}

/** A running rehearsal: Prometheus on loopback that has scraped the fleets through the traffic. */
export interface Rehearsal {
  prometheusUrl: string;
  /** Unix seconds: the end of the window to judge, and its length (`Ns`). */
  end: number;
  window: string;
  windowSeconds: number;
  traffic: TrafficTotals;
  /** The rate asked for (after the capacity probe) and the traffic's planned duration, each with why. */
  rate: RehearsalRate;
  duration: RehearsalDuration;
  fleets: { control: string[]; baseline: string[]; canary: string[] };
  /** Per cent of the traffic each fleet received. */
  shares: { control: number; baseline: number; canary: number };
  /** The label matchers that select each fleet's series. */
  cohorts: RehearsalCohorts;
  stop(): Promise<void>;
}

const TENANTS = ['acme', 'globex', 'initech', 'umbrella'];

/** Five scrape intervals: a Prometheus that has not scraped by then is judged as it is. */
const CLOSING_SCRAPE_TIMEOUT_MS = 5_000;

/**
 * The traffic split. The canary is judged against a baseline fleet of its own size that receives
 * the same share (a fresh deployment of the control's build), never against the whole control
 * fleet: a control fleet serving nine times the canary's traffic runs each process hotter, and
 * its latency differs for that reason alone. The control takes what is left; from 50 % on
 * nothing is left, and the baseline then takes the rest (at 100 % there is only the canary).
 */
export function rehearsalShares(canaryPercent: number): { control: number; baseline: number; canary: number } {
  const canary = Math.min(100, Math.max(0, canaryPercent));
  const baseline = Math.min(canary, 100 - canary);
  return { control: 100 - canary - baseline, baseline, canary };
}

/**
 * `production: { prometheus: 'local' }`: a control, a baseline and a canary fleet of the
 * configured service on one Redis, Prometheus on loopback scraping them every second (each
 * fleet's series labelled with its cohort by the scrape job), generated traffic for a short
 * window. What it yields is a rehearsal of the production judgement, never production evidence.
 */
export async function rehearseProduction(o: RehearsalOptions): Promise<Rehearsal> {
  const { config } = o;
  if (config.control === undefined || config.canary === undefined) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected production.rehearsal.control and .canary (how to start each cohort's service) for prometheus: 'local', found ${config.control === undefined ? 'no control' : 'no canary'}`, {
      hint: "give each a { module, export, options } or { command } as for load.baseline; or point production.prometheus at a real Prometheus { url }",
    });
  }
  const specs = { control: config.control, baseline: config.baseline ?? config.control, canary: config.canary };
  const shares = rehearsalShares(o.canaryPercent);
  const sizes = { control: config.instances, baseline: config.canaryInstances, canary: config.canaryInstances };
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
    const fleets = { control: [] as string[], baseline: [] as string[], canary: [] as string[] };
    // A fleet that gets no traffic is not started: it would have no series to read.
    const wanted = (['control', 'baseline', 'canary'] as const).flatMap((cohort) => (shares[cohort] === 0 ? [] : Array.from({ length: sizes[cohort] }, () => cohort)));
    // Every instance starts at once: nothing is measured before the traffic starts, and one after
    // another their start-ups (a child process loading its code, a port opening) only add up.
    // Named after its cohort: one namespace per cohort, its instances one deployment sharing its state.
    const started = await Promise.allSettled(wanted.map((cohort) => startArm(specs[cohort], cohort, ctx)));
    for (const s of started) if (s.status === 'fulfilled') arms.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    started.forEach((s, i) => {
      const cohort = wanted[i];
      if (s.status === 'fulfilled' && cohort !== undefined) fleets[cohort].push(s.value.url);
    });
    o.progress(`rehearsal: ${fleets.control.length} control, ${fleets.baseline.length} baseline and ${fleets.canary.length} canary instance(s) up`);
    const hostPort = (u: string): string => new URL(u).host;
    prometheus = await startLocalPrometheus({
      jobs: (['control', 'baseline', 'canary'] as const).filter((c) => fleets[c].length > 0)
        .map((c) => ({ job: `isogate-${c}`, targets: fleets[c].map(hostPort), labels: { cohort: c } })),
      scrapeIntervalSeconds: 1,
    });
    o.progress(`rehearsal: prometheus ${prometheus.url} scraping every 1 s; traffic: ${shares.canary}% canary, ${shares.baseline}% baseline, ${shares.control}% control`);
    const workloads = o.workloads ?? [];
    if (workloads.length > 0) {
      await deployScenarioFlags(fleets.canary, workloads);
      o.progress(`rehearsal: canary deployed with the ${workloads.join(' and ')} flags; ${Math.round(config.scenarioShare * 100)}% of requests go to those routes`);
    }
    const seed = config.seed ?? o.seed;
    const mix = {
      fleets: (['control', 'baseline', 'canary'] as const).map((c) => ({ cohort: c, urls: fleets[c], percent: shares[c] })),
      crossTenantShare: config.crossTenantShare, tenants: TENANTS, workloads, scenarioShare: config.scenarioShare, legacyHeaderShare: o.legacyHeaderShare ?? 0,
    };
    let probedRps: number | undefined;
    if (config.capacityShare !== null) {
      const probe = await probeCapacity(mix, seed, config.rps / config.capacityShare);
      probedRps = probe.probedRps;
      o.progress(`rehearsal: capacity probe, ${probe.slices.length} closed-loop slice(s) of ${PROBE_SLICE_SECONDS} s: ${probe.slices.map((r) => Math.round(r)).join(', ')} req/s`);
    }
    const rate = await holdRate(mix, seed, rehearsalRate({ configured: config.rps, capacityShare: config.capacityShare ?? 1, ...(probedRps === undefined ? {} : { probedRps }) }), config.rps);
    if (rate.holds !== undefined) o.progress(`rehearsal: paced hold(s): ${describeHolds(rate.holds)}`);
    const lead = probedRps === undefined ? WINDOW_LEAD_SECONDS : PROBED_LEAD_SECONDS;
    const duration = o.duration?.(rate.rps, lead) ?? { seconds: config.seconds, reason: `the configured ${config.seconds} s` };
    o.progress(`rehearsal: ${duration.seconds} s of traffic at ${rate.rps} req/s. Rate: ${rate.reason}. Duration, what this stage's thresholds need: ${duration.reason}`);
    const trafficStart = Date.now();
    const traffic = await driveRehearsalTraffic({ ...mix, rps: rate.rps, seconds: duration.seconds, seed });
    const sentTotal = Object.values(traffic.sent).reduce((a, b) => a + b, 0);
    if (sentTotal < traffic.planned * KEPT_RATE_SHARE) {
      o.progress(`rehearsal: sent ${sentTotal} of ${traffic.planned} planned requests in ${traffic.spanSeconds.toFixed(0)} s: this machine could not keep ${rate.rps} req/s, so the judgement has fewer events and its absolute latencies are upper bounds`);
    }
    // Every fleet scraped once more, so the last requests are in Prometheus before the window
    // closes: about one interval, where a fixed wait had to allow for two.
    await awaitScrapeAfter(prometheus.url, Date.now() / 1000, CLOSING_SCRAPE_TIMEOUT_MS);
    // The traffic's own span (a busy driver may take longer than asked), less its lead.
    const windowSeconds = Math.max(2, Math.floor((Date.now() - trafficStart) / 1000) - lead);
    const p = prometheus;
    // Prometheus's target label `cohort` replaces whatever the service exports under that name.
    // With no control fleet (50 % and up) the baseline is what serves the rest: it is the control.
    const cohorts: RehearsalCohorts = { control: shares.control > 0 ? 'cohort="control"' : 'cohort="baseline"', baseline: 'cohort="baseline"', canary: 'cohort="canary"' };
    return { prometheusUrl: p.url, end: Date.now() / 1000, window: `${windowSeconds}s`, windowSeconds, traffic, rate, duration, fleets, shares, cohorts, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
