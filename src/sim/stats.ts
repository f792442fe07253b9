/**
 * Per-layer statistics: the result types every engine returns, and the one place where raw
 * accumulators become the published numbers. Both engines fill a `RawLayerStats` (the CPU in
 * float64, the GPU in float32 partial sums) and call `finalizeLayer`, so the definitions cannot drift.
 *
 * Sums of squares are kept scaled (LAPACK's nrm2 idea: a running max `scale` and Σ(x/scale)²), so an
 * exploding δ of 1e30 still gives a finite RMS instead of overflowing float32 when squared.
 */
import type { SimConfig } from './config';

export interface LayerStats {
  /** 1 = next to the input, depth = the output layer. */
  layer: number;
  /** √ mean over batch and units of δ_l². */
  deltaRms: number;
  deltaMaxAbs: number;
  /** Population standard deviation of s_l over batch and units. */
  preactStd: number;
  /** √ mean of h_l². */
  activationRms: number;
  /** Fraction of h_l entries exactly 0. */
  zeroFraction: number;
  /** Fraction of units whose h_l is 0 for every input of the batch. */
  deadFraction: number;
  /** Mean |f′(s_l)| of the derivative used backward. */
  meanAbsFprime: number;
  /** Fraction of f′(s_l) entries exactly 0. */
  fprimeZeroFraction: number;
  /** RMS of δ_l h_{l−1}ᵀ / batch; only with weightGrads. */
  weightGradRms?: number;
  /** True when any s_l, h_l or δ_l entry is Inf or NaN; the finite statistics then cover finite entries. */
  nonFinite: boolean;
  /** Mean-field prediction of q_l = E[s_l²] (with --theory). */
  theoryQ?: number;
  /** Mean-field prediction of deltaRms (with --theory). */
  theoryDeltaRms?: number;
}

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  /** True for software rasterizers (SwiftShader, llvmpipe, WARP): correct, never a speed reference. */
  isSoftware: boolean;
}

/** A one-line label for tables and logs; every timing printed carries it. */
export function adapterLabel(a: AdapterInfo): string {
  const name = [a.vendor, a.architecture, a.device, a.description].filter((s) => s).join(' / ') || 'unknown adapter';
  return a.isSoftware || a.isFallbackAdapter ? `${name} (software/fallback adapter: not a GPU speed reference)` : name;
}

export interface EngineInfo {
  /** 'theory': no simulation ran, the numbers are the mean-field prediction (--theory-only). */
  kind: 'cpu' | 'webgpu' | 'theory';
  adapter?: AdapterInfo;
  /** Free text: the runtime (Node version / user agent). */
  runtime?: string;
}

/** Bulky per-unit data for the charts; not part of the JSON output. */
export interface RunDetails {
  /** depth × width, row l−1 = √(mean over batch of δ_l[:, j]²). */
  deltaUnitRms: Float32Array;
  /** depth × FPRIME_BINS counts of |f′(s_l)| (see fprimeBin). */
  fprimeHist: Uint32Array;
}

export interface RunResult {
  activation: string;
  backward: string | null;
  layers: LayerStats[];
  details?: RunDetails;
  /** Run-level mean-field values (with --theory); see src/sim/theory.ts. */
  theory?: RunTheoryInfo;
  /** Per-layer quantiles over seeds (with --seeds N); `layers` then holds the medians. */
  seedBands?: SeedBand[];
}

/** Mean-field values for one run (Poole et al. 2016; Schoenholz et al. 2017). */
export interface RunTheoryInfo {
  /** Fixed point of q_l = σ_w² E[f(√q_{l−1} z)²] + σ_b² reached from the input; Infinity when q grows without bound. */
  qStar: number;
  /** σ_w² E[f′(√q* z)²] with the backward derivative: δ² shrinks (χ₁ < 1) or grows (χ₁ > 1) by χ₁ per layer. */
  chi1: number;
  /** ξ = −1/ln χ₁ in layers; Infinity at χ₁ = 1; negative when gradients grow. */
  depthScale: number;
  /** χ₁ < 1. */
  orderedPhase: boolean;
  sigmaW2: number;
  sigmaB2: number;
  /** False when the init is outside the Gaussian theory (orthogonal): the numbers are then only indicative. */
  gaussian: boolean;
  note?: string;
}

/** Quantiles over seeds of one statistic (linear interpolation between order statistics). */
export interface Quantiles {
  median: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
}

/** One layer's spread over seeds. deltaRms quantiles are taken in log space and reported in linear units. */
export interface SeedBand {
  layer: number;
  /** Seeds aggregated for this layer (seeds whose value was NaN are left out of that statistic's quantiles). */
  seeds: number;
  deltaRms: Quantiles;
  preactStd: Quantiles;
  activationRms: Quantiles;
  zeroFraction: Quantiles;
  deadFraction: Quantiles;
  meanAbsFprime: Quantiles;
  fprimeZeroFraction: Quantiles;
  weightGradRms?: Quantiles;
  /** Fraction of seeds where every input of the batch reached this layer as all zeros (zeroFraction = 1);
   *  with batch 1, the per-input "born dead" event of src/sim/born-dead.ts. */
  allZeroFraction: number;
  /** Fraction of seeds with nonFinite set at this layer. */
  nonFiniteFraction: number;
}

export interface SimResult {
  config: SimConfig;
  engine: EngineInfo;
  runs: RunResult[];
  timing: { ms: number };
  /** Multi-seed mode: the seeds run were first, first + 1, …, first + count − 1 (config.seed = first). */
  seeds?: { first: number; count: number };
}

export interface Progress {
  /** 0..1 over the whole simulation. */
  fraction: number;
  message: string;
}

export interface RunOptions {
  /** Compute RunDetails (per-unit δ and the f′ histogram) for the charts. */
  details?: boolean;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface SimEngine {
  readonly kind: 'cpu' | 'webgpu';
  run(config: SimConfig, options?: RunOptions): Promise<SimResult>;
  dispose(): void;
}

/** Raw accumulators for one layer; counts are exact integers. */
export interface RawLayerStats {
  deltaScale: number;
  deltaSsq: number;
  deltaInf: number;
  deltaNan: number;
  preactScale: number;
  preactSsq: number;
  /** Σ s / preactScale. */
  preactSum: number;
  actScale: number;
  actSsq: number;
  /** Count of s or h entries that are Inf or NaN. */
  forwardNonFinite: number;
  zeroCount: number;
  deadCount: number;
  sumAbsFprime: number;
  fprimeZeroCount: number;
  wgradScale: number;
  wgradSsq: number;
}

export function emptyRaw(): RawLayerStats {
  return {
    deltaScale: 0, deltaSsq: 0, deltaInf: 0, deltaNan: 0, preactScale: 0, preactSsq: 0, preactSum: 0,
    actScale: 0, actSsq: 0, forwardNonFinite: 0, zeroCount: 0, deadCount: 0, sumAbsFprime: 0,
    fprimeZeroCount: 0, wgradScale: 0, wgradSsq: 0,
  };
}

/** Scaled sum of squares: [scale, ssq] with Σx² = scale²·ssq. Merging two is exact up to rounding. */
export function mergeScaled(s1: number, q1: number, s2: number, q2: number): [number, number] {
  if (s1 >= s2) return s1 === 0 ? [0, 0] : [s1, q1 + q2 * (s2 / s1) * (s2 / s1)];
  return [s2, q2 + q1 * (s1 / s2) * (s1 / s2)];
}

/** Streaming accumulator for Σx and Σx², both kept relative to a running max |x| (`scale`). */
export class ScaledSum {
  scale = 0;
  /** Σ (x / scale)². */
  ssq = 0;
  /** Σ x / scale. */
  sum = 0;
  add(x: number): void {
    const a = Math.abs(x);
    if (a > this.scale) {
      const r = this.scale / a;
      this.ssq = 1 + this.ssq * r * r;
      this.sum = this.sum * r + (x > 0 ? 1 : -1);
      this.scale = a;
    } else if (a > 0) {
      const r = x / this.scale;
      this.ssq += r * r;
      this.sum += r;
    }
  }
}

export function rmsOf(scale: number, ssq: number, count: number): number {
  return count === 0 || scale === 0 ? 0 : scale * Math.sqrt(ssq / count);
}

export function finalizeLayer(raw: RawLayerStats, layer: number, batch: number, width: number, weightGrads: boolean): LayerStats {
  const n = batch * width;
  const deltaRms = raw.deltaNan > 0 ? NaN : raw.deltaInf > 0 ? Infinity : rmsOf(raw.deltaScale, raw.deltaSsq, n);
  const meanScaled = raw.preactSum / n;
  const varScaled = Math.max(0, raw.preactSsq / n - meanScaled * meanScaled);
  const stats: LayerStats = {
    layer,
    deltaRms,
    deltaMaxAbs: raw.deltaNan > 0 ? NaN : raw.deltaInf > 0 ? Infinity : raw.deltaScale,
    preactStd: raw.preactScale * Math.sqrt(varScaled),
    activationRms: rmsOf(raw.actScale, raw.actSsq, n),
    zeroFraction: raw.zeroCount / n,
    deadFraction: raw.deadCount / width,
    meanAbsFprime: raw.sumAbsFprime / n,
    fprimeZeroFraction: raw.fprimeZeroCount / n,
    nonFinite: raw.deltaInf + raw.deltaNan + raw.forwardNonFinite > 0,
  };
  if (weightGrads) stats.weightGradRms = rmsOf(raw.wgradScale, raw.wgradSsq, width * width);
  return stats;
}

/**
 * |f′| histogram: bin 0 holds exact zeros (and non-finite values), bins 1..FPRIME_BINS−1 split
 * log10|f′| over [FPRIME_LOG_MIN, FPRIME_LOG_MAX], clamping values outside into the end bins.
 */
export const FPRIME_BINS = 64;
export const FPRIME_LOG_MIN = -6;
export const FPRIME_LOG_MAX = 0.5;

export function fprimeBin(df: number): number {
  const a = Math.abs(df);
  if (!(a > 0) || !Number.isFinite(a)) return 0;
  const t = (Math.log10(a) - FPRIME_LOG_MIN) / (FPRIME_LOG_MAX - FPRIME_LOG_MIN);
  const k = Math.floor(t * (FPRIME_BINS - 1));
  return 1 + Math.min(FPRIME_BINS - 2, Math.max(0, k));
}

/** Lower and upper |f′| edges of bin k ≥ 1. */
export function fprimeBinEdges(k: number): [number, number] {
  const w = (FPRIME_LOG_MAX - FPRIME_LOG_MIN) / (FPRIME_BINS - 1);
  return [10 ** (FPRIME_LOG_MIN + (k - 1) * w), 10 ** (FPRIME_LOG_MIN + k * w)];
}

/** JSON with non-finite numbers written as null (JSON has no Inf/NaN); `nonFinite` says why. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    if (ArrayBuffer.isView(v)) return undefined;
    return v;
  }, indent);
}
