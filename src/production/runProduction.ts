import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIsogateError } from '../errors/index.js';
import { writeEvidence, type Evidence } from '../evidence/index.js';
import { cohortLatencySvg } from './cohortLatencySvg.js';
import { shareNameOf } from './CounterShare.js';
import { defaultThresholds, judgeProduction, type ProductionJudgement, type ProductionThreshold } from './judgeProduction.js';
import { PrometheusClient } from './PrometheusClient.js';
import type { ProductionConfig } from './ProductionConfig.js';
import { durationSeconds } from './PromDuration.js';
import { readCohorts, type ProductionReading } from './readCohorts.js';
import { rehearsalSeconds, type RehearsalDuration } from './rehearsalSeconds.js';
import { rehearsalShares, rehearseProduction } from './rehearseProduction.js';
import { judgeRehearsalPace, type RehearsalPace } from './judgeRehearsalPace.js';

export interface ProductionRunOptions {
  config: ProductionConfig;
  /** The config file's directory. */
  dir: string;
  evidenceDir: string;
  stage?: string;
  /** The stage's canary share in per cent (cohort-share check; 100 = no control cohort left). */
  canaryPercent?: number;
  /** The plan's criteria on this check; default: the config's own. */
  thresholds?: ProductionThreshold[];
  seed: number;
  env: NodeJS.ProcessEnv;
  progress(line: string): void;
}

export const REHEARSAL_NOTICE = 'REHEARSAL: a local Prometheus scraping a control, a baseline and a canary fleet under generated traffic on this machine, for a short window. It shows the judgement works end to end; it is not production evidence and says nothing about real users.';

function summary(j: ProductionJudgement): string {
  if (j.insufficient.length > 0) return `INCONCLUSIVE: ${j.insufficient.join('; ')}`;
  const failed = j.thresholds.filter((t) => t.status === 'fail');
  const undecided = j.thresholds.filter((t) => t.status === 'inconclusive');
  if (failed.length > 0) return failed.map((t) => t.reason).join('; ');
  if (undecided.length > 0) return undecided.map((t) => t.reason).join('; ');
  return j.thresholds.map((t) => t.reason).join('; ');
}

/**
 * Judges canary against baseline from Prometheus (a real one, or a local rehearsal) and writes one
 * `production` evidence record with every PromQL query run and its raw answer.
 */
export async function runProduction(o: ProductionRunOptions): Promise<{ evidence: Evidence; file: string; verdict: ProductionJudgement['status'] | 'error' }> {
  const startedAt = new Date();
  const { config } = o;
  const local = config.prometheus === 'local';
  const canaryPercent = o.canaryPercent ?? (local ? config.rehearsal.canaryPercent : undefined);
  const thresholds = o.thresholds ?? defaultThresholds(config, canaryPercent);
  const shareNames = [...new Set(thresholds.flatMap((t) => shareNameOf(t.metric) ?? []))];
  // The rehearsal drives the reference service's routes that move the judged shares' counters,
  // and, in a stage that asks for no legacy tenant header at all, only clients never migrated send one.
  const workloads = [...new Set(shareNames.flatMap((n) => config.shares[n]?.rehearse ?? []))];
  const strict = thresholds.some((t) => t.metric === 'legacyHeaderRequests' && t.op === '==' && t.value === 0);
  const artifacts: string[] = [];
  let reading: ProductionReading | undefined;
  let shownUrl = '';
  let windowText = config.window;
  let traffic: unknown;
  let pace: RehearsalPace | undefined;
  let judged = config;
  try {
    if (config.prometheus === 'local') {
      // The duration follows the rate, which the rehearsal settles on once its fleets are up.
      const duration = (rps: number, leadSeconds: number): RehearsalDuration => rehearsalSeconds({
        thresholds, confidence: config.limits.confidence, minRequests: config.limits.minRequests, rps, leadSeconds,
        maxSeconds: config.rehearsal.seconds, shares: rehearsalShares(canaryPercent ?? 50),
      });
      const rehearsal = await rehearseProduction({
        config: config.rehearsal, dir: o.dir, canaryPercent: canaryPercent ?? 50, seed: o.seed, env: o.env, progress: o.progress,
        workloads, legacyHeaderShare: strict ? config.rehearsal.strictLegacyHeaderShare : config.rehearsal.legacyHeaderShare, duration,
      });
      try {
        const client = new PrometheusClient({ url: rehearsal.prometheusUrl });
        shownUrl = `${client.shownUrl} (local rehearsal)`;
        windowText = rehearsal.window;
        traffic = {
          ...rehearsal.traffic, shares: rehearsal.shares, fleets: rehearsal.fleets, seconds: rehearsal.duration.seconds, secondsWhy: rehearsal.duration.reason,
          rps: rehearsal.rate.rps, rpsWhy: rehearsal.rate.reason, ...(rehearsal.rate.probedRps === undefined ? {} : { probedRps: rehearsal.rate.probedRps }),
          ...(rehearsal.rate.holds === undefined ? {} : { holds: rehearsal.rate.holds }),
        };
        pace = { sent: Object.values(rehearsal.traffic.sent).reduce((a, b) => a + b, 0), planned: rehearsal.traffic.planned, rps: rehearsal.rate.rps };
        // The rehearsal labels its own fleets; the config's cohort matchers are for a real Prometheus.
        judged = { ...config, cohorts: rehearsal.cohorts };
        reading = await readCohorts(client, judged, { end: rehearsal.end, window: rehearsal.window, windowSeconds: rehearsal.windowSeconds, rateWindowSeconds: 3, shares: shareNames });
      } finally {
        await rehearsal.stop();
      }
    } else {
      const p = config.prometheus;
      const client = new PrometheusClient({ url: p.url, authorization: p.authorization, headers: p.headers, timeoutMs: p.timeoutMs });
      shownUrl = client.shownUrl;
      o.progress(`production: asking ${shownUrl} about the last ${config.window}`);
      reading = await readCohorts(client, config, { end: Date.now() / 1000, window: config.window, windowSeconds: durationSeconds(config.window), rateWindowSeconds: 300, shares: shareNames });
    }
  } catch (error) {
    if (!isIsogateError(error)) throw error;
    const evidence: Evidence = {
      check: 'production', target: local ? 'rehearsal' : 'prometheus', status: 'error', metrics: { rehearsal: local ? 1 : 0 },
      details: { reason: error.message, hint: error.hint, stage: o.stage ?? null }, seed: o.seed, startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(), artifacts,
    };
    return { evidence, file: await writeEvidence(o.evidenceDir, evidence), verdict: 'error' };
  }
  const read = judgeProduction(reading, judged, { ...(canaryPercent === undefined ? {} : { canaryPercent }), thresholds });
  const judgement = pace === undefined ? read : judgeRehearsalPace(read, pace);
  judgement.metrics.rehearsal = local ? 1 : 0;
  const series = { baseline: reading.baseline.p95Series, canary: reading.canary.p95Series };
  await mkdir(o.evidenceDir, { recursive: true });
  const svgPath = join(o.evidenceDir, 'production--latency.svg');
  await writeFile(svgPath, cohortLatencySvg(series, `P95 latency over the ${windowText} window: baseline vs canary${local ? ' (REHEARSAL)' : ''}`));
  artifacts.push(svgPath);
  // The record is `inconclusive` only when its data cannot carry a judgement (or a threshold's
  // metric could not be measured): a threshold whose interval straddles is left to that
  // criterion's own interval, so the decided ones still count.
  const decidable = judgement.insufficient.length === 0 && judgement.thresholds.length > 0 && judgement.thresholds.every((t) => t.measured);
  const recordStatus = judgement.status === 'inconclusive' && decidable ? 'pass' : judgement.status;
  const evidence: Evidence = {
    check: 'production', target: local ? 'rehearsal' : 'prometheus', status: recordStatus, metrics: judgement.metrics,
    details: {
      reason: `${local ? 'REHEARSAL (not production evidence): ' : ''}${summary(judgement)}`,
      verdict: judgement.status,
      source: local ? REHEARSAL_NOTICE : `production metrics from ${shownUrl}`,
      stage: o.stage ?? null, prometheus: shownUrl, window: windowText, cohorts: judged.cohorts, metricNames: config.metrics,
      canaryPercent: canaryPercent ?? null, insufficient: judgement.insufficient, thresholds: judgement.thresholds, mde: judgement.mde,
      ...(shareNames.length === 0 ? {} : { counterShares: Object.fromEntries(shareNames.map((n) => [n, config.shares[n] ?? null])) }),
      ...(traffic === undefined ? {} : { traffic }),
      p95Series: series,
      queries: reading.records,
    },
    seed: local ? o.seed : null, startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(), artifacts,
  };
  return { evidence, file: await writeEvidence(o.evidenceDir, evidence), verdict: judgement.status };
}
