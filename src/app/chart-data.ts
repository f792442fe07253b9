/**
 * Pure functions that turn a SimResult into what the charts draw: series with gaps where a value
 * cannot sit on a log axis, the notes that say why (underflow, Inf, NaN), and quantiles of |f′| from
 * the engines' log histograms. Kept apart from the components so they are tested in Node.
 */
import { bornDeadProbability } from '../sim/born-dead';
import { FPRIME_BINS, FPRIME_LOG_MIN, fprimeBinEdges, type LayerStats, type RunResult, type SimResult } from '../sim/stats';
import { activationLabel } from './palette';

export type Special = 'zero' | 'inf' | 'nan';

/** What a value is, for a log axis: a plottable positive number or one of the special cases. */
export function classify(v: number): Special | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity || v === -Infinity) return 'inf';
  if (v <= 0) return 'zero';
  return null;
}

/** A log-axis series: the value where it is positive and finite, null (a gap, marked separately) elsewhere. */
export function logSeries(values: readonly number[]): (number | null)[] {
  return values.map((v) => (classify(v) === null ? v : null));
}

export function layerAxis(depth: number): number[] {
  return Array.from({ length: depth }, (_, i) => i + 1);
}

/** Maximal runs of consecutive layers (1-based, inclusive) where `pick` holds. */
export function layerRanges(layers: readonly LayerStats[], pick: (s: LayerStats) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (const s of layers) {
    if (!pick(s)) continue;
    const last = out[out.length - 1];
    if (last && last[1] === s.layer - 1) last[1] = s.layer;
    else out.push([s.layer, s.layer]);
  }
  return out;
}

export function formatRanges(ranges: readonly [number, number][], max = 3): string {
  const parts = ranges.slice(0, max).map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`));
  const more = ranges.length - max;
  return `${ranges.length === 1 && ranges[0][0] === ranges[0][1] ? 'layer' : 'layers'} ${parts.join(', ')}${more > 0 ? ` and ${more} more range${more > 1 ? 's' : ''}` : ''}`;
}

/**
 * One sentence per activation and kind of trouble, e.g. "tanh: δ underflows to 0 in layers 1–37".
 * Underflow is described relative to the output because δ travels from the output down.
 */
export function decayNotes(runs: readonly RunResult[]): string[] {
  const notes: string[] = [];
  for (const run of runs) {
    const name = activationLabel(run.activation);
    const zero = layerRanges(run.layers, (s) => classify(s.deltaRms) === 'zero');
    const inf = layerRanges(run.layers, (s) => classify(s.deltaRms) === 'inf');
    const nan = layerRanges(run.layers, (s) => classify(s.deltaRms) === 'nan');
    const fwd = layerRanges(run.layers, (s) => s.nonFinite && classify(s.deltaRms) === null);
    if (zero.length) {
      const top = zero[zero.length - 1][1];
      const contiguous = zero.length === 1 && zero[0][0] === 1;
      notes.push(contiguous
        ? `${name}: δ underflows to exactly 0 below layer ${top + 1} (layers 1–${top}); float32 cannot hold it.`
        : `${name}: δ is exactly 0 in ${formatRanges(zero)}.`);
    }
    if (inf.length) notes.push(`${name}: δ overflows to Inf in ${formatRanges(inf)}.`);
    if (nan.length) notes.push(`${name}: δ is NaN in ${formatRanges(nan)}.`);
    if (fwd.length) notes.push(`${name}: the forward pass holds Inf or NaN in ${formatRanges(fwd)} (statistics cover the finite entries).`);
  }
  return notes;
}

/** Exact value for a readout: the number, or what it stands for. */
export function formatValue(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '−Inf';
  if (v === 0) return '0 (underflow)';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1);
}

export function formatFraction(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(v === 0 || v === 1 ? 0 : 1)} %`;
}

/** The value |f′| stands at on the chart when it is exactly 0 or below the histogram's range. */
export const FPRIME_FLOOR = 10 ** FPRIME_LOG_MIN;

/**
 * Quantile q of |f′| in one layer from its histogram row: the bin where the cumulative count
 * reaches q·N, interpolated log-linearly inside the bin. Zeros (bin 0) read as FPRIME_FLOOR.
 */
export function histQuantile(row: ArrayLike<number>, q: number): number {
  let total = 0;
  for (let k = 0; k < FPRIME_BINS; k++) total += row[k];
  if (total === 0) return NaN;
  const target = q * total;
  let cum = 0;
  for (let k = 0; k < FPRIME_BINS; k++) {
    const c = row[k];
    if (c > 0 && cum + c >= target) {
      if (k === 0) return FPRIME_FLOOR;
      const [lo, hi] = fprimeBinEdges(k);
      const t = Math.min(1, Math.max(0, (target - cum) / c));
      return Math.max(FPRIME_FLOOR, lo * (hi / lo) ** t);
    }
    cum += c;
  }
  return fprimeBinEdges(FPRIME_BINS - 1)[1];
}

export interface FprimeBands {
  /** quantiles[i][l−1] = quantile QUANTILES[i] of |f′| at layer l. */
  quantiles: number[][];
  /** Fraction of exactly-zero f′ per layer (bin 0 of the histogram). */
  zeroFraction: number[];
}

export const FPRIME_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export function fprimeBands(hist: Uint32Array, depth: number): FprimeBands {
  const quantiles = FPRIME_QUANTILES.map(() => new Array<number>(depth));
  const zeroFraction = new Array<number>(depth);
  for (let l = 0; l < depth; l++) {
    const row = hist.subarray(l * FPRIME_BINS, (l + 1) * FPRIME_BINS);
    let total = 0;
    for (let k = 0; k < FPRIME_BINS; k++) total += row[k];
    zeroFraction[l] = total > 0 ? row[0] / total : 0;
    FPRIME_QUANTILES.forEach((q, i) => { quantiles[i][l] = histQuantile(row, q); });
  }
  return { quantiles, zeroFraction };
}

/** Quantile bands of deltaRms over seeds, per layer, as log-axis series (null where not > 0). */
export interface DecayBands {
  p10: (number | null)[];
  p25: (number | null)[];
  p75: (number | null)[];
  p90: (number | null)[];
}

/** The 10/25/75/90 % deltaRms bands of a multi-seed run, or null for a single-seed run. */
export function decayBands(run: RunResult): DecayBands | null {
  const b = run.seedBands;
  if (!b || b.length === 0) return null;
  return {
    p10: logSeries(b.map((x) => x.deltaRms.p10)),
    p25: logSeries(b.map((x) => x.deltaRms.p25)),
    p75: logSeries(b.map((x) => x.deltaRms.p75)),
    p90: logSeries(b.map((x) => x.deltaRms.p90)),
  };
}

/** Dying ReLU at birth, simulated over seeds against 1 − (1 − 2^−n)^L (src/sim/born-dead.ts). */
export interface BornDeadComparison {
  seeds: number;
  width: number;
  depth: number;
  /** Seeds whose input reached the output layer as all zeros. */
  deadSeeds: number;
  simulated: number;
  predicted: number;
}

/**
 * The born-dead comparison where the formula applies: a multi-seed relu run with batch 1, zero bias
 * and weights symmetric about 0 (every init but all zeros; orthogonal included, since flipping the
 * sign of a row keeps a Haar-random orthogonal matrix Haar-random). Null elsewhere.
 */
export function bornDeadComparison(result: SimResult): BornDeadComparison | null {
  const c = result.config;
  const count = result.seeds?.count ?? 1;
  if (count < 2 || c.batch !== 1 || c.sigmaB2 !== 0 || c.init.name === 'zeros' || !(c.sigmaW2 > 0)) return null;
  // The forward pass alone decides, so any backward derivative is fine.
  const run = result.runs.find((r) => r.activation === 'relu');
  const band = run?.seedBands?.[c.depth - 1];
  if (!band) return null;
  const simulated = band.allZeroFraction;
  return {
    seeds: count, width: c.width, depth: c.depth,
    deadSeeds: Math.round(simulated * count), simulated, predicted: bornDeadProbability(c.width, c.depth),
  };
}
