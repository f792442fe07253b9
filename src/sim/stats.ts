/**
 * Per-layer statistics: the simulation's statistics schema (LAYER_ACCUMULATORS, LAYER_STATS; the
 * machinery is src/sim/stat-schema.ts), the result types every engine returns, and the one place
 * where raw accumulators become the published numbers. Both engines fill a `RawLayerStats` (the CPU
 * in float64, the GPU in float32 partial sums) and call `finalizeLayer`, so the definitions cannot drift.
 *
 * Sums of squares are kept scaled (LAPACK's nrm2 idea: a running max `scale` and Σ(x/scale)²), so an
 * exploding δ of 1e30 still gives a finite RMS instead of overflowing float32 when squared. The
 * engines store δ̃_l = δ_l · 2^−E_l (and, for a rescaled forward pass, s̃_l = s_l · 2^−F_l; see
 * src/sim/exponent.ts): the accumulators hold the stored values, and the exponents reach the
 * statistics through the layer's context (src/sim/layer-context.ts builds it).
 */
import type { SimConfig } from './config';
import { log10Pow2, scaleByPow2 } from './exponent';
import { outputReplacer } from './json-stream';
import type { RunSpectrum } from './spectrum';
import {
  emptyRecord, finalizeStats, type AccTable, type RecordOf, type StatTable, type StatsOf,
} from './stat-schema';

/** The kernels (and the CPU functions of src/sim/layers.ts named after them) that fill the accumulators. */
export type LayerProducer = 'forward_stats' | 'backward_stats' | 'weight_grad';

/**
 * Raw accumulators of one layer; counts are exact integers. The GPU statistics record is laid out
 * from this table (src/gpu/stat-record.ts); its WGSL struct fields carry these names.
 */
export const LAYER_ACCUMULATORS = {
  /** s_l: scaled Σs² and Σs. */
  preact: { kind: 'scaledSum', by: 'forward_stats' },
  /** h_l = f(s_l). */
  act: { kind: 'scaled', by: 'forward_stats' },
  /** Entries where s or h is Inf or NaN (left out of the sums above). */
  forwardNonFinite: { kind: 'count', by: 'forward_stats' },
  zeroCount: { kind: 'count', by: 'forward_stats' },
  deadCount: { kind: 'count', by: 'forward_stats' },
  /** Finite δ̃_l entries. */
  delta: { kind: 'scaled', by: 'backward_stats' },
  deltaInf: { kind: 'count', by: 'backward_stats' },
  deltaNan: { kind: 'count', by: 'backward_stats' },
  /** δ̃_l entries that are 0 in float32 (|δ̃| below the smallest normal: an adapter may flush those). */
  deltaZeroCount: { kind: 'count', by: 'backward_stats' },
  /** Σ|f′(s_l)| over finite f′. */
  sumAbsFprime: { kind: 'sum', by: 'backward_stats' },
  /** f′(s_l) entries that are 0 in float32 (below the smallest normal, as deltaZeroCount). */
  fprimeZeroCount: { kind: 'count', by: 'backward_stats' },
  /** Finite g̃_l entries (g_l = ∂L/∂h_l, stored with δ's exponent). */
  stream: { kind: 'scaled', by: 'backward_stats' },
  streamInf: { kind: 'count', by: 'backward_stats' },
  streamNan: { kind: 'count', by: 'backward_stats' },
  /** Finite entries of ∂L/∂W_l / batch = e_l h_{l−1}ᵀ / batch. */
  weightGrad: { kind: 'scaled', by: 'weight_grad' },
} as const satisfies AccTable<LayerProducer>;

export type RawLayerStats = RecordOf<typeof LAYER_ACCUMULATORS>;

export function emptyRaw(): RawLayerStats {
  return emptyRecord(LAYER_ACCUMULATORS);
}

/** The shape a layer's statistics are finalized with. */
export interface LayerDims {
  batch: number;
  width: number;
}

/**
 * Why δ_l has exact zeros (src/sim/layer-context.ts decides, from the output down):
 *  - none: no entry of δ_l is 0;
 *  - zero-weights: the weights are all 0 (zero init, σ_w² = 0), so Wᵀδ is 0 below the output;
 *  - dead-layer: every unit of this layer or of one above it is off (f′ = 0) for every input of the batch;
 *  - dead-input: for some inputs every unit of a layer above is off, so their δ is 0 from there down;
 *  - fprime: the zeros are where f′(s_l) = 0 (ReLU's flat side);
 *  - underflow: entries float32 cannot hold beside the layer's largest (more than 38 decades below it).
 */
export const DELTA_ZERO_CAUSES = ['none', 'zero-weights', 'dead-layer', 'dead-input', 'fprime', 'underflow'] as const;
export type DeltaZeroCause = (typeof DELTA_ZERO_CAUSES)[number];

/** A short name of each cause (badges, readouts). */
export const DELTA_ZERO_CAUSE_LABEL: Readonly<Record<DeltaZeroCause, string>> = {
  none: 'no exact zeros', 'zero-weights': 'zero weights', 'dead-layer': 'dead layer', 'dead-input': 'dead inputs',
  fprime: 'f′ = 0', underflow: 'float32 underflow',
};

/** What a layer's statistics are finalized with besides its accumulators. */
export interface LayerContext extends LayerDims {
  /** δ_l = δ̃_l · 2^deltaExp2 (the engines store δ̃; src/sim/exponent.ts). */
  deltaExp2: number;
  /** s_l = s̃_l · 2^forwardExp2 and h_l = h̃_l · 2^forwardExp2 (0 unless the forward pass is rescaled). */
  forwardExp2: number;
  /** The same exponent of layer l's input h_{l−1} (0 at layer 1: x is not rescaled). */
  inputExp2: number;
  /** A plain float32 network, flushing subnormals, would hold δ_l = 0: its max |δ| is below 2^−126 here or above. */
  belowFloat32: boolean;
  deltaZeroCause: DeltaZeroCause;
  /** g_l = ∂L/∂h_l exists: everywhere but the output of a plain net with the random top, where the error enters as δ. */
  streamDefined: boolean;
}

/**
 * How a GPU statistic is compared with the CPU's (tests/browser/gpu-helpers.ts): `continuous`
 * within a relative tolerance, `log10` (a logarithm) within the same relative tolerance expressed
 * in decades, `fraction` within an absolute one (an entry at a kink may flip), `exact` equal.
 */
export type SimParity = 'continuous' | 'log10' | 'fraction' | 'exact';

const n = (d: LayerDims): number => d.batch * d.width;
/** δ's statistics are NaN when any δ entry is NaN, Infinity when any is infinite. */
const deltaOr = (r: RawLayerStats, finite: number): number => (r.deltaNan > 0 ? NaN : r.deltaInf > 0 ? Infinity : finite);
/** √(mean δ̃²) over the layer's entries: δ's RMS before its exponent. */
const deltaRmsScaled = (r: RawLayerStats, d: LayerDims): number => rmsOf(r.delta.scale, r.delta.ssq, n(d));
const preactStdScaled = (r: RawLayerStats, d: LayerDims): number => {
  const mean = r.preact.sum / n(d);
  return r.preact.scale * Math.sqrt(Math.max(0, r.preact.ssq / n(d) - mean * mean));
};
const weightGradScaled = (r: RawLayerStats, d: LayerDims): number => rmsOf(r.weightGrad.scale, r.weightGrad.ssq, d.width * d.width);
/** g's statistics: NaN where g is not defined (or any entry is NaN), Infinity when any is infinite. */
const streamOr = (r: RawLayerStats, c: LayerContext, finite: () => number): number =>
  (!c.streamDefined || r.streamNan > 0 ? NaN : r.streamInf > 0 ? Infinity : finite());
const streamRmsScaled = (r: RawLayerStats, d: LayerDims): number => rmsOf(r.stream.scale, r.stream.ssq, n(d));
const LOG = { quantiles: { space: 'log' } } as const;
const LINEAR = { quantiles: { space: 'linear' } } as const;
/** Where float64 cannot hold a value (beyond about 1e±308) the plain field is 0 or Infinity and its log10 field holds it. */
const PLAIN = 'where float64 holds it';

/**
 * Every per-layer statistic, declared once. The CSV columns, the JSON fields, the README table, the
 * seed bands, the text table and the GPU/CPU parity list are derived from this table; the CPU
 * (src/sim/layers.ts) and the GPU (shaders/*_stats.wgsl, weight_grad.wgsl) fill the accumulators.
 */
export const LAYER_STATS = {
  deltaRms: {
    unit: 'δ', definition: `√(mean over batch and units of δ_l²), ${PLAIN} (else 0 or Infinity; \`deltaLog10\` holds it)`,
    finalize: (r, c) => deltaOr(r, scaleByPow2(deltaRmsScaled(r, c), c.deltaExp2)), parity: 'continuous', seeds: LOG,
  },
  deltaLog10: {
    unit: 'log₁₀ δ', definition: 'log₁₀ of the RMS of δ_l, exact at any depth (−Infinity, null in JSON, where δ_l is exactly 0)',
    label: 'δ rms', format: 'log10',
    finalize: (r, c) => deltaOr(r, log10Pow2(deltaRmsScaled(r, c), c.deltaExp2)), parity: 'log10', seeds: LINEAR,
  },
  deltaMaxAbs: {
    unit: 'δ', definition: `max \\|δ_l\\|, ${PLAIN}`,
    finalize: (r, c) => deltaOr(r, scaleByPow2(r.delta.scale, c.deltaExp2)), parity: 'continuous', seeds: { quantiles: { space: 'log', band: false } },
  },
  belowFloat32: {
    type: 'boolean', unit: 'boolean',
    definition: 'a plain float32 network (flushing subnormals) would hold δ_l = 0: max \\|δ\\| is below 2⁻¹²⁶ ≈ 1.18e−38 in this layer or one above',
    finalize: (_r, c) => c.belowFloat32, parity: 'exact',
    seeds: { fraction: { name: 'belowFloat32Fraction', of: (v) => v === true } },
  },
  deltaZeroFraction: {
    unit: 'fraction', definition: 'fraction of δ_l entries exactly 0 (below 2⁻¹²⁶ counts as 0)', label: 'δ = 0', format: 'percent',
    finalize: (r, d) => r.deltaZeroCount / n(d), parity: 'fraction', seeds: LINEAR,
  },
  deltaZeroCause: {
    type: 'enum', values: DELTA_ZERO_CAUSES, unit: 'cause',
    definition: 'why δ_l has exact zeros: `none`, `zero-weights`, `dead-layer` (every unit of this or a higher layer off for the whole batch), `dead-input` (the same for some inputs), `fprime` (where f′(s_l) = 0), `underflow`',
    finalize: (_r, c) => c.deltaZeroCause, parity: 'exact', seeds: { mode: true },
  },
  streamGradRms: {
    unit: 'g', definition: `√(mean over batch and units of g_l²), g_l = ∂L/∂h_l (the residual stream's gradient; W_{l+1}ᵀ N′ᵀ δ_{l+1} in a plain net), ${PLAIN}; null at the output of a plain net with the random top, where the error enters as δ`,
    finalize: (r, c) => streamOr(r, c, () => scaleByPow2(streamRmsScaled(r, c), c.deltaExp2)), parity: 'continuous', seeds: LOG,
  },
  streamGradLog10: {
    unit: 'log₁₀ g', definition: 'log₁₀ of `streamGradRms`, exact at any depth', label: 'g rms', format: 'log10',
    finalize: (r, c) => streamOr(r, c, () => log10Pow2(streamRmsScaled(r, c), c.deltaExp2)), parity: 'log10', seeds: LINEAR,
  },
  preactStd: {
    unit: 's', definition: `population standard deviation of s_l over batch and units (after the normalization), ${PLAIN}`,
    finalize: (r, c) => scaleByPow2(preactStdScaled(r, c), c.forwardExp2), parity: 'continuous', seeds: LINEAR,
  },
  preactLog10: {
    unit: 'log₁₀ s', definition: 'log₁₀ of `preactStd`, exact at any depth where the forward pass is rescaled',
    format: 'log10', finalize: (r, c) => log10Pow2(preactStdScaled(r, c), c.forwardExp2), parity: 'log10', seeds: LINEAR,
  },
  activationRms: {
    unit: 'h', definition: `√(mean h_l²), ${PLAIN}`,
    finalize: (r, c) => scaleByPow2(rmsOf(r.act.scale, r.act.ssq, n(c)), c.forwardExp2), parity: 'continuous', seeds: LINEAR,
  },
  zeroFraction: {
    unit: 'fraction', definition: 'fraction of h_l entries exactly 0 (from a finite s_l)', label: 'zero', format: 'percent',
    finalize: (r, d) => r.zeroCount / n(d), parity: 'fraction',
    // allZeroFraction: with batch 1, the per-input "born dead" event of src/sim/born-dead.ts.
    seeds: { ...LINEAR, fraction: { name: 'allZeroFraction', of: (v) => v === 1 } },
  },
  deadFraction: {
    unit: 'fraction', definition: 'fraction of units whose h_l is 0 for every input of the batch (NaN is not dead)', label: 'dead', format: 'percent',
    finalize: (r, d) => r.deadCount / d.width, parity: 'fraction', seeds: LINEAR,
  },
  meanAbsFprime: {
    unit: 'h/s', definition: 'mean \\|f′(s_l)\\| of the derivative used backward',
    finalize: (r, d) => r.sumAbsFprime / n(d), parity: 'continuous', seeds: LINEAR,
  },
  fprimeZeroFraction: {
    unit: 'fraction', definition: 'fraction of f′(s_l) entries exactly 0 (below 2⁻¹²⁶ counts as 0)',
    finalize: (r, d) => r.fprimeZeroCount / n(d), parity: 'fraction', seeds: LINEAR,
  },
  weightGradRms: {
    unit: 'δ·h', definition: `RMS of the weight gradient ∂L/∂W_l / batch = e_l h_{l−1}ᵀ / batch, e_l = N′ᵀ δ_l (δ_l without a normalization; with \`--weight-grads\`), ${PLAIN}`, optional: 'weightGrads',
    finalize: (r, c) => scaleByPow2(weightGradScaled(r, c), c.deltaExp2 + c.inputExp2), parity: 'continuous', seeds: LOG,
  },
  weightGradLog10: {
    unit: 'log₁₀ δ·h', definition: 'log₁₀ of `weightGradRms` (with `--weight-grads`)', label: '∇W rms', optional: 'weightGrads', format: 'log10',
    finalize: (r, c) => log10Pow2(weightGradScaled(r, c), c.deltaExp2 + c.inputExp2), parity: 'log10', seeds: LINEAR,
  },
  forwardNonFinite: {
    type: 'boolean', unit: 'boolean', definition: 'true when any s_l or h_l entry is Inf or NaN in that layer (the forward pass; an s float32 cannot hold is NaN)',
    finalize: (r) => r.forwardNonFinite > 0, parity: 'exact',
    seeds: { fraction: { name: 'forwardNonFiniteFraction', of: (v) => v === true } },
  },
  nonFinite: {
    type: 'boolean', unit: 'boolean', definition: 'true when any s_l, h_l, g_l or δ_l entry is Inf or NaN in that layer',
    finalize: (r) => r.deltaInf + r.deltaNan + r.streamInf + r.streamNan + r.forwardNonFinite > 0, parity: 'exact',
    seeds: { fraction: { name: 'nonFiniteFraction', of: (v) => v === true } },
  },
  theoryQ: {
    annotation: 'theory', optional: 'theory', unit: 's²', definition: 'mean-field prediction of q_l = E[s_l²] (with `--theory`)',
  },
  theoryDeltaRms: {
    annotation: 'theory', optional: 'theory', unit: 'δ', definition: `mean-field prediction of \`deltaRms\` (with \`--theory\`), ${PLAIN}`,
  },
  theoryDeltaLog10: {
    annotation: 'theory', optional: 'theory', unit: 'log₁₀ δ', definition: 'mean-field prediction of `deltaLog10` (with `--theory`)',
    label: 'theory', format: 'log10',
  },
  theoryStreamGradLog10: {
    annotation: 'theory', optional: 'theory', unit: 'log₁₀ g', definition: 'mean-field prediction of `streamGradLog10` (with `--theory`)',
  },
} as const satisfies StatTable<RawLayerStats, LayerContext, SimParity>;

export type LayerStatName = keyof typeof LAYER_STATS;

/** LAYER_STATS through the generic definition type, for code that reads any entry's fields. */
export const LAYER_STAT_DEFS: StatTable<RawLayerStats, LayerContext, SimParity> = LAYER_STATS;

export type LayerStats = { /** 1 = next to the input, depth = the output layer. */ layer: number } & StatsOf<typeof LAYER_STATS>;

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
  /**
   * 'reference': the float64-accumulating CPU engine; 'cpu': the WebAssembly SIMD one; 'theory': no
   * simulation ran, the numbers are the mean-field prediction (--theory-only).
   */
  kind: 'reference' | 'cpu' | 'webgpu' | 'theory';
  adapter?: AdapterInfo;
  /** Free text: the runtime (Node version / user agent). */
  runtime?: string;
  /** `cpu` only: threads that compute the products, and one line saying why this many. */
  threads?: number;
  threadsReason?: string;
  /** `cpu` only: the kernels' WebAssembly SIMD (`plain`: the same bits on every machine). */
  simd?: 'relaxed' | 'plain';
  /** How the command line reached WebGPU: in its own process through Dawn, or in headless Chromium. */
  via?: 'dawn' | 'chromium';
}

/**
 * How a run's products ran, in one line: "WebGPU", "CPU: WebAssembly plain SIMD, 2 threads (all 2 cores)",
 * "CPU reference: float64 sums, one thread".
 */
export function engineLabel(e: EngineInfo): string {
  switch (e.kind) {
    case 'webgpu':
      return 'WebGPU';
    case 'theory':
      return 'mean-field theory (no simulation)';
    case 'reference':
      return 'CPU reference: float64 sums, one thread';
    case 'cpu':
      return e.simd && e.threads
        ? `CPU: WebAssembly ${e.simd} SIMD, ${e.threads} thread${e.threads === 1 ? '' : 's'} (${e.threadsReason ?? ''})`
        : 'CPU';
  }
}

/** Bulky per-unit data for the charts; not part of the JSON output. */
export interface RunDetails {
  /**
   * depth × width, row l−1 = √(mean over batch of δ̃_l[:, j]²), δ's per-unit RMS before its exponent:
   * the true value is this × 2^deltaExp2[l−1] (unitDeltaLog10 reads it).
   */
  deltaUnitScaled: Float32Array;
  /** E_l per layer (index l−1): δ_l = δ̃_l · 2^E_l. */
  deltaExp2: Int32Array;
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
  /** The input–output Jacobian's singular values at the requested depths (with --spectrum; src/sim/spectrum.ts). */
  spectrum?: RunSpectrum;
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

type Rules = typeof LAYER_STATS;
type Banded<K extends keyof Rules> = Rules[K] extends { seeds: { quantiles: { band: false } } } ? false
  : Rules[K] extends { seeds: { quantiles: object } } ? true : false;
type FractionName<K extends keyof Rules> = Rules[K] extends { seeds: { fraction: { name: infer N extends string } } } ? N : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * One layer's spread over seeds, derived from LAYER_STATS' seed rules (src/sim/seeds.ts): a
 * quantile band per statistic (log-space quantiles reported in linear units where the rule says
 * so; optional like the statistic), and the fraction of seeds of each `fraction` rule
 * (allZeroFraction: every input of the batch reached the layer as zeros; nonFiniteFraction:
 * nonFinite set).
 */
export type SeedBand = Simplify<{
  layer: number;
  /** Seeds aggregated for this layer (seeds whose value was NaN are left out of that statistic's quantiles). */
  seeds: number;
} & { -readonly [K in keyof Rules as Banded<K> extends true ? (Rules[K] extends { optional: string } ? never : K) : never]: Quantiles }
  & { -readonly [K in keyof Rules as Banded<K> extends true ? (Rules[K] extends { optional: string } ? K : never) : never]?: Quantiles }
  & { -readonly [K in keyof Rules as FractionName<K>]: number }>;

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
  readonly kind: 'reference' | 'cpu' | 'webgpu';
  run(config: SimConfig, options?: RunOptions): Promise<SimResult>;
  dispose(): void;
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
    } else if (this.scale > 0) {
      // A zero adds exactly 0 here: testing the scale, not x, spares an unpredictable branch (ReLU's half zeros).
      const r = x / this.scale;
      this.ssq += r * r;
      this.sum += r;
    }
  }
}

export function rmsOf(scale: number, ssq: number, count: number): number {
  return count === 0 || scale === 0 ? 0 : scale * Math.sqrt(ssq / count);
}

/** The published statistics of one layer from its accumulators and context (src/sim/layer-context.ts calls it for every engine). */
export function finalizeLayer(raw: RawLayerStats, layer: number, ctx: LayerContext, weightGrads: boolean): LayerStats {
  return { layer, ...finalizeStats(LAYER_STATS, raw, ctx, { weightGrads }) } as LayerStats;
}

/** log₁₀ of the true per-unit RMS of δ at `layer` (1-based) and `unit`: −Infinity where it is 0. */
export function unitDeltaLog10(details: RunDetails, width: number, layer: number, unit: number): number {
  return log10Pow2(details.deltaUnitScaled[(layer - 1) * width + unit], details.deltaExp2[layer - 1]);
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
  return JSON.stringify(value, outputReplacer, indent);
}
