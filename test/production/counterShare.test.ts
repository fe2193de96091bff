import { describe, expect, it } from 'vitest';
import { isMetricOf } from '../../src/evidence/index.js';
import { PRESETS } from '../../src/gate/index.js';
import {
  judgeCounterShares, judgeProduction, productionConfigSchema, shareNameOf, shareQueries,
  type ProductionReading, type ProductionThreshold,
} from '../../src/production/index.js';

const config = productionConfigSchema.parse({ prometheus: { url: 'http://127.0.0.1:9' } });
const CANARY = 'cohort="canary"';

describe('counter shares: config and PromQL', () => {
  it('has the reference service defaults and merges a share of the user\'s over them', () => {
    expect(Object.keys(config.shares).sort()).toEqual(['dualWriteFailed', 'jobReadsNew', 'jobReadsOld', 'retrievalSuccess']);
    const mine = productionConfigSchema.parse({ shares: { ok: { metric: 'http_requests_total', matchers: 'code!~"5.."' }, jobReadsNew: { metric: 'reads_total', matchers: 'schema="v2"' } } });
    expect(mine.shares.ok?.minEvents).toBe(200);
    expect(mine.shares.jobReadsNew?.metric).toBe('reads_total');
    expect(mine.shares.dualWriteFailed?.metric).toBe('relay_dual_write_attempt_total');
    expect(() => productionConfigSchema.parse({ shares: { bad: { metric: 'x', matchers: '{a=b}' } } })).toThrow(/label matchers/);
  });

  it('asks for the part and the whole of the canary\'s counter, one counter or several', () => {
    expect(shareQueries(config.shares.jobReadsNew!, CANARY, '48h')).toEqual({
      matched: 'sum(increase(relay_job_read_path_total{cohort="canary",path="new"}[48h]))',
      total: 'sum(increase(relay_job_read_path_total{cohort="canary"}[48h]))',
    });
    expect(shareQueries(config.shares.retrievalSuccess!, CANARY, '7d')).toEqual({
      matched: 'sum(increase(vecsec_vector_retrieval_success_total{cohort="canary"}[7d]))',
      total: 'sum(increase(vecsec_vector_retrieval_success_total{cohort="canary"}[7d])) + sum(increase(vecsec_vector_retrieval_failures_total{cohort="canary"}[7d]))',
    });
  });

  it('names its evidence metrics so that the gate accepts them', () => {
    expect(shareNameOf('share:jobReadsNew')).toBe('jobReadsNew');
    expect(shareNameOf('share:jobReadsOld:events')).toBe('jobReadsOld');
    expect(shareNameOf('isolationScore')).toBeUndefined();
    expect(isMetricOf('production', 'share:jobReadsNew:matched')).toBe(true);
    expect(isMetricOf('production', 'share:')).toBe(false);
    expect(isMetricOf('load', 'share:jobReadsNew')).toBe(false);
  });
});

describe('counter shares: the judgement', () => {
  const judge = (matched: number | undefined, total: number | undefined) =>
    judgeCounterShares([{ name: 'jobReadsNew', ...(matched === undefined ? {} : { matched }), ...(total === undefined ? {} : { total }) }], config.shares, CANARY, 0.95);

  it('writes the share with its Wilson interval and both counts', () => {
    const { metrics, unmeasured } = judge(700, 1000);
    expect(unmeasured).toEqual({});
    expect(metrics['share:jobReadsNew']).toBe(0.7);
    expect(metrics['share:jobReadsNew.lo']).toBeCloseTo(0.6709, 3);
    expect(metrics['share:jobReadsNew.hi']).toBeCloseTo(0.7275, 3);
    expect(metrics['share:jobReadsNew:events']).toBe(1000);
    expect(metrics['share:jobReadsNew:matched']).toBe(700);
  });

  it('writes no share, and says why, with no series, a part without series, or too few events', () => {
    expect(judge(undefined, undefined).unmeasured['share:jobReadsNew']).toMatch(/^no series for sum\(increase\(relay_job_read_path_total\{cohort="canary"\}\[window\]\)\) \(canary\)/);
    expect(judge(undefined, 500).unmeasured['share:jobReadsNew']).toMatch(/export every label value at 0/);
    const few = judge(10, 20);
    expect(few.unmeasured['share:jobReadsNew']).toBe('share:jobReadsNew: 20 events in the window, needs 200 (minEvents)');
    expect(few.metrics['share:jobReadsNew']).toBeUndefined();
    expect(few.metrics['share:jobReadsNew:events']).toBe(20);
  });

  const reading = (shares: ProductionReading['shares']): ProductionReading => {
    const cohort = { requests: 5000, errors: 0, violations: 0, latency: [{ le: 0.01, count: 4900 }, { le: 0.02, count: 5000 }, { le: Number.POSITIVE_INFINITY, count: 5000 }], newest: 999, coverage: 1, p95Series: [] };
    return { end: 1000, windowSeconds: 600, baseline: cohort, canary: cohort, control: { distinct: false }, shares, records: [] };
  };
  const over80: ProductionThreshold = { id: 'reads', metric: 'share:jobReadsNew', op: '>', value: 0.8 };

  it('passes a share whose whole interval holds, fails one wholly beyond, leaves one that straddles undecided', () => {
    const at = (matched: number) => judgeProduction(reading([{ name: 'jobReadsNew', matched, total: 2000 }]), config, { thresholds: [over80] }).thresholds[0];
    expect(at(1900)?.status).toBe('pass');
    expect(at(1334)?.status).toBe('fail'); // two reads in three: a third of the new-schema writes missing
    expect(at(1610)?.status).toBe('inconclusive');
  });

  it('an unmeasured share is INCONCLUSIVE with the reason, never a pass', () => {
    const j = judgeProduction(reading([{ name: 'jobReadsNew' }]), config, { thresholds: [over80] });
    expect(j.thresholds[0]).toMatchObject({ status: 'inconclusive', measured: false });
    expect(j.thresholds[0]?.reason).toMatch(/^share:jobReadsNew was not measured: no series for .*relay_job_read_path_total/);
    expect(j.status).toBe('inconclusive');
    const unknown = judgeProduction(reading([{ name: 'nope', unknown: true }]), config, { thresholds: [{ id: 'x', metric: 'share:nope', op: '>', value: 0.5 }] });
    expect(unknown.thresholds[0]?.reason).toMatch(/no share named "nope" in production.shares/);
  });

  it('the keyspace-migration and retrieval presets read the shares the documents name, over the windows they give', () => {
    const keyspace = PRESETS['keyspace-migration'];
    const metricsOf = (id: string) => keyspace.stages.find((s) => s.id === id)?.criteria.filter((c) => c.check === 'production').map((c) => `${c.metric} ${c.op} ${c.value}`);
    expect(metricsOf('step-1')).toEqual(['share:jobReadsNew >= 0.5']);
    expect(metricsOf('step-3')).toEqual(['share:dualWriteFailed < 0.01', 'share:jobReadsNew > 0.8']);
    expect(metricsOf('step-5')).toEqual(['share:jobReadsOld < 0.02', 'share:dualWriteFailed < 0.01']);
    const argv = (id: string) => keyspace.stages.find((s) => s.id === id)?.runs.find((r) => r.id === 'production')?.argv;
    expect(argv('step-2')).toEqual(['production', '--plan', 'keyspace-migration', '--stage', 'step-2', '--window', '7d']);
    expect(argv('step-5')).toContain('14d');
    const retrieval = PRESETS['tenant-filtered-retrieval'];
    for (const id of ['phase-2', 'phase-3', 'phase-4']) {
      expect(retrieval.stages.find((s) => s.id === id)?.criteria.some((c) => c.metric === 'share:retrievalSuccess' && c.op === '>' && c.value === 0.99), id).toBe(true);
    }
  });
});
