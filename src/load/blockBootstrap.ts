import { normalQuantile, quantileSorted, sortedCopy } from './quantile.js';
import { seededRandom } from '../random/index.js';

/** Log-spaced bins 0.5% wide: the bootstrap works on these, so a resample costs a sum, not a sort. */
const BIN_LOG = Math.log(1.005);
const binOf = (us: number): number => Math.floor(Math.log(Math.max(us, 1)) / BIN_LOG);
const valueOf = (bin: number): number => Math.exp((bin + 0.5) * BIN_LOG);

interface SparseBlock { bins: Int32Array; counts: Float64Array; total: number }

function sparseBlocks(latencyUs: readonly number[], block: readonly number[]): Map<number, SparseBlock> {
  const raw = new Map<number, Map<number, number>>();
  for (let i = 0; i < latencyUs.length; i++) {
    const id = block[i] as number;
    let m = raw.get(id);
    if (m === undefined) raw.set(id, (m = new Map()));
    const bin = binOf(latencyUs[i] as number);
    m.set(bin, (m.get(bin) ?? 0) + 1);
  }
  const out = new Map<number, SparseBlock>();
  for (const [id, m] of raw) {
    const bins = Int32Array.from(m.keys());
    const counts = Float64Array.from(m.values());
    out.set(id, { bins, counts, total: counts.reduce((a, b) => a + b, 0) });
  }
  return out;
}

/** Accumulates drawn blocks into a dense histogram and reads quantiles off it. */
class BinAccumulator {
  private readonly counts: Float64Array;
  private min = Number.POSITIVE_INFINITY;
  private max = -1;
  private total = 0;
  constructor(size: number) { this.counts = new Float64Array(size); }
  reset(): void {
    if (this.max >= 0) this.counts.fill(0, this.min, this.max + 1);
    this.min = Number.POSITIVE_INFINITY; this.max = -1; this.total = 0;
  }
  add(b: SparseBlock): void {
    for (let i = 0; i < b.bins.length; i++) {
      const bin = b.bins[i] as number;
      this.counts[bin] = (this.counts[bin] as number) + (b.counts[i] as number);
      if (bin < this.min) this.min = bin;
      if (bin > this.max) this.max = bin;
    }
    this.total += b.total;
  }
  /** Quantiles for ascending qs, one pass. */
  quantiles(qs: readonly number[]): number[] {
    const out: number[] = [];
    if (this.total === 0) return qs.map(() => Number.NaN);
    let cum = 0;
    let k = 0;
    for (let bin = this.min; bin <= this.max && k < qs.length; bin++) {
      cum += this.counts[bin] as number;
      while (k < qs.length && cum >= Math.max(1, Math.ceil((qs[k] as number) * this.total))) { out.push(valueOf(bin)); k++; }
    }
    while (out.length < qs.length) out.push(valueOf(this.max));
    return out;
  }
}

export interface ArmLatencies { latencyUs: readonly number[]; block: readonly number[] }

export interface QuantileRatio {
  q: number;
  baselineUs: number;
  candidateUs: number;
  /** candidate / baseline, from the exact quantiles. */
  ratio: number;
  lo: number;
  hi: number;
  /** Standard error of log(ratio) across resamples: what the minimum detectable effect is built from. */
  seLog: number;
  /** Time blocks in the smaller arm: the bootstrap's real sample size. */
  blocks: number;
}

export interface BlockBootstrapOptions {
  qs: readonly number[];
  resamples: number;
  confidence: number;
  seed: number;
  /** Duet runs share block ids between arms: draw the same blocks for both, so common noise cancels. */
  paired: boolean;
}

/**
 * Percentile-bootstrap intervals for candidate/baseline quantile ratios, resampling whole time
 * blocks (responses in the same block share the machine's state at that moment, so they are not
 * independent; resampling single responses would give intervals that are far too narrow).
 */
export function blockBootstrapRatios(baseline: ArmLatencies, candidate: ArmLatencies, options: BlockBootstrapOptions): QuantileRatio[] {
  const qs = [...options.qs].sort((a, b) => a - b);
  const sortedB = sortedCopy(baseline.latencyUs);
  const sortedC = sortedCopy(candidate.latencyUs);
  const point = qs.map((q) => ({ q, b: quantileSorted(sortedB, q), c: quantileSorted(sortedC, q) }));
  const blocksB = sparseBlocks(baseline.latencyUs, baseline.block);
  const blocksC = sparseBlocks(candidate.latencyUs, candidate.block);
  const blocks = Math.min(blocksB.size, blocksC.size);
  const nan = { lo: Number.NaN, hi: Number.NaN, seLog: Number.NaN, blocks };
  if (blocksB.size === 0 || blocksC.size === 0) {
    return point.map((p) => ({ q: p.q, baselineUs: p.b, candidateUs: p.c, ratio: p.c / p.b, ...nan }));
  }
  const size = binOf(Math.max(sortedB[sortedB.length - 1] as number, sortedC[sortedC.length - 1] as number)) + 2;
  const accB = new BinAccumulator(size);
  const accC = new BinAccumulator(size);
  const random = seededRandom(options.seed);
  const idsB = [...blocksB.keys()];
  const idsC = [...blocksC.keys()];
  const sharedIds = options.paired ? [...new Set([...idsB, ...idsC])] : [];
  const logs: number[][] = qs.map(() => []);
  for (let r = 0; r < options.resamples; r++) {
    accB.reset(); accC.reset();
    if (options.paired) {
      for (let i = 0; i < sharedIds.length; i++) {
        const id = sharedIds[Math.floor(random() * sharedIds.length)] as number;
        const b = blocksB.get(id); if (b !== undefined) accB.add(b);
        const c = blocksC.get(id); if (c !== undefined) accC.add(c);
      }
    } else {
      for (let i = 0; i < idsB.length; i++) accB.add(blocksB.get(idsB[Math.floor(random() * idsB.length)] as number) as SparseBlock);
      for (let i = 0; i < idsC.length; i++) accC.add(blocksC.get(idsC[Math.floor(random() * idsC.length)] as number) as SparseBlock);
    }
    const vb = accB.quantiles(qs);
    const vc = accC.quantiles(qs);
    for (let k = 0; k < qs.length; k++) {
      const l = Math.log((vc[k] as number) / (vb[k] as number));
      if (Number.isFinite(l)) (logs[k] as number[]).push(l);
    }
  }
  const alpha = 1 - options.confidence;
  return point.map((p, k) => {
    const sample = Float64Array.from(logs[k] as number[]).sort();
    if (sample.length < 2) return { q: p.q, baselineUs: p.b, candidateUs: p.c, ratio: p.c / p.b, ...nan };
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    const sd = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (sample.length - 1));
    // Percentile interval of the ratio, shifted so it centres on the exact point estimate
    // (the binned resamples are 0.5% coarse; the point estimate is not).
    const shift = Math.log(p.c / p.b) - quantileSorted(sample, 0.5);
    return {
      q: p.q, baselineUs: p.b, candidateUs: p.c, ratio: p.c / p.b,
      lo: Math.exp(quantileSorted(sample, alpha / 2) + shift), hi: Math.exp(quantileSorted(sample, 1 - alpha / 2) + shift), seLog: sd, blocks,
    };
  });
}

/** Smallest relative change (e.g. 0.07 = +7%) this run would detect with the given power. */
export function minimumDetectableEffect(seLog: number, confidence = 0.95, power = 0.8): number {
  if (!Number.isFinite(seLog)) return Number.NaN;
  return Math.exp((normalQuantile(1 - (1 - confidence) / 2) + normalQuantile(power)) * seLog) - 1;
}
