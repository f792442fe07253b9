/**
 * Pure functions that turn a SimResult into what the charts draw: series with gaps where a value
 * cannot sit on a log axis, the decay chart's deltaLog10 series and float32 band, the notes that
 * say what the special values mean (src/sim/notes.ts), and quantiles of |f′| from the engines' log
 * histograms. Kept apart from the components so they are tested in Node.
 */
import { bornDeadProbability } from '../sim/born-dead';
import { formatLog10 as formatLog10Number } from '../sim/format';
import { layerRanges, runNotes } from '../sim/notes';
import {
  DELTA_ZERO_CAUSE_LABEL, FPRIME_BINS, FPRIME_LOG_MIN, fprimeBinEdges, type DeltaZeroCause, type RunResult, type SimResult,
} from '../sim/stats';

export type Special = 'zero' | 'inf' | 'nan';

/** What a base-10 logarithm stands for: a plottable value, an exact 0 (−Infinity), Inf or NaN. */
export function classifyLog10(lg: number): Special | null {
  if (Number.isNaN(lg)) return 'nan';
  if (lg === Infinity) return 'inf';
  if (lg === -Infinity) return 'zero';
  return null;
}

/** A log-axis series: the value where it is positive and finite, null (a gap) elsewhere. */
export function logSeries(values: readonly number[]): (number | null)[] {
  return values.map((v) => (v > 0 && Number.isFinite(v) ? v : null));
}

/** A series of logarithms: the value where it is finite, null (a gap, marked separately) elsewhere. */
export function log10Series(values: readonly number[]): (number | null)[] {
  return values.map((v) => (Number.isFinite(v) ? v : null));
}

export function layerAxis(depth: number): number[] {
  return Array.from({ length: depth }, (_, i) => i + 1);
}

/** A per-layer series on an axis of `depth` layers: a shallower network's series ends in gaps. */
export function padLayers(values: readonly (number | null)[], depth: number): (number | null)[] {
  return Array.from({ length: depth }, (_, i) => (i < values.length ? values[i] : null));
}

/**
 * Ticks for an axis of base-10 logarithms over [lo, hi]: whole decades at a step of 1, 2 or 5 times
 * a power of ten, about `max` of them, so thousands of decades still read cleanly.
 */
export function decadeTicks(lo: number, hi: number, max = 7): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [];
  const count = (st: number): number => Math.floor(hi / st + 1e-9) - Math.ceil(lo / st - 1e-9) + 1;
  // The finest step of 1, 2 or 5 × 10^k that keeps at most `max` ticks.
  let mag = 1;
  let step = 1;
  while (count(step) > max) {
    step = [1, 2, 5].map((m) => m * mag).find((st) => count(st) <= max) ?? 10 * mag;
    mag *= 10;
  }
  const out: number[] = [];
  for (let e = Math.ceil(lo / step) * step; e <= hi + 1e-9; e += step) out.push(Math.round(e));
  return out;
}

/** The label of the decade 10^e: 0.01 … 1000 written out, else 1e−k. */
export function decadeTickLabel(e: number): string {
  return e >= -2 && e <= 3 ? String(Number((10 ** e).toPrecision(1))) : `1e${e}`;
}

/**
 * The layers a plain float32 network would have lost δ in (belowFloat32 while δ is not exactly 0),
 * as ranges: the decay chart shades them.
 */
export function float32Bands(run: RunResult): [number, number][] {
  return layerRanges(run.layers, (s) => s.belowFloat32 && s.deltaLog10 !== -Infinity);
}

/**
 * The notes under the decay chart: every sentence of src/sim/notes.ts, named by the network's label,
 * e.g. "ReLU: δ is exactly 0 in layers 1–9: every unit of layer 9 is off (f′ = 0) for every input …".
 */
/**
 * A prediction's line over a run's `depth` layers, or null: none of the right length, or none of
 * finite value (the theory's note says why, e.g. a residual stream of nonzero mean).
 */
export function predictionLine(values: readonly number[] | undefined, depth: number): readonly number[] | null {
  return values?.length === depth && values.some(Number.isFinite) ? values : null;
}

export function decayNotes(runs: readonly { run: RunResult; label: string; theory?: { run: { note?: string } } | null }[]): string[] {
  return runs.flatMap(({ run, label, theory }) => [
    ...runNotes(run).map((note) => `${label}: ${note}`),
    // Where the dashed line is not the whole story (outside the Gaussian theory, or a regime where it does not follow a network).
    ...(theory?.run.note ? [`${label}, the dashed theory line: ${theory.run.note}.`] : []),
  ]);
}

/** The short name of a zero cause ('' where there is none). */
export function zeroCauseLabel(cause: DeltaZeroCause | null | undefined): string {
  return cause && cause !== 'none' ? DELTA_ZERO_CAUSE_LABEL[cause] : '';
}

/** Exact value for a readout: the number, or what it stands for. */
export function formatValue(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '−Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1);
}

/** A readout of the value a base-10 logarithm stands for, at any magnitude (−Infinity reads 0). */
export function formatLog10(lg: number | null | undefined, digits = 4): string {
  if (lg === null || lg === undefined) return '–';
  return Number.isFinite(lg) ? formatLog10Number(lg, digits) : formatValue(10 ** lg, digits);
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

/** Quantile bands of deltaLog10 over seeds, per layer (null where not finite). */
export interface DecayBands {
  p10: (number | null)[];
  p25: (number | null)[];
  p75: (number | null)[];
  p90: (number | null)[];
}

/** The 10/25/75/90 % deltaLog10 bands of a multi-seed run, or null for a single-seed run. */
export function decayBands(run: RunResult): DecayBands | null {
  const b = run.seedBands;
  if (!b || b.length === 0) return null;
  return {
    p10: log10Series(b.map((x) => x.deltaLog10.p10)),
    p25: log10Series(b.map((x) => x.deltaLog10.p25)),
    p75: log10Series(b.map((x) => x.deltaLog10.p75)),
    p90: log10Series(b.map((x) => x.deltaLog10.p90)),
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
 * The born-dead comparison where the formula applies: a multi-seed relu run of a plain,
 * unnormalized net (a residual stream carries a dead layer's input past it) with batch 1, zero bias
 * and weights symmetric about 0 (every init but all zeros; orthogonal included, since flipping the
 * sign of a row keeps a Haar-random orthogonal matrix Haar-random). Null elsewhere.
 */
export function bornDeadComparison(result: Pick<SimResult, 'config' | 'seeds' | 'runs'>): BornDeadComparison | null {
  const c = result.config;
  const count = result.seeds?.count ?? 1;
  if (count < 2 || c.batch !== 1 || c.sigmaB2 !== 0 || c.init.name === 'zeros' || !(c.sigmaW2 > 0)) return null;
  if (c.alpha > 0 || c.norm !== 'none') return null;
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
