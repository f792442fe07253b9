/**
 * How a configuration is laid out in GPU memory, decided before anything is allocated, so a
 * configuration that does not fit is refused up front with what it needs and what the device has.
 *
 * - Pre-activations s_l of every layer are STORED (depth × batch × width floats), chunked over
 *   several buffers when one binding is too small: f′(s_l) in the backward pass and the statistics
 *   read them, and recomputing them would cost a second forward pass per layer.
 * - Weights W_l are stored (chunked likewise) when they fit the memory budget; otherwise they are
 *   REGENERATED inside the forward/backward tile loaders from (seed, layer, i, j), so depth × width²
 *   may exceed GPU memory. Orthogonal weights come from a CPU QR (src/sim/orthogonal.ts) and are
 *   uploaded: they must be stored.
 * - Two ping-pong activation buffers carry h_l forward and then δ_l backward, two more g_l = ∂L/∂h_l
 *   backward; x has its own buffer, and a normalized net one for e_l = N′ᵀ δ_l.
 * - A normalization keeps 1/σ per group of every layer (a unit for BatchNorm, an example for
 *   LayerNorm); a residual net with weight gradients stores every h_l (its h_{l−1} is not f(s_{l−1})),
 *   laid out like the pre-activations.
 * - Statistics: one partial record per workgroup of a command buffer's layers, one record per layer
 *   read back (src/gpu/stat-partials.ts), with the carried exponents (four words per layer,
 *   src/gpu/includes.ts SCALE_WORDS). The uniform slots (KiB, sized by the dispatch recorder from
 *   what it records) are not budgeted.
 */
import type { SimConfig } from '../sim/config';
import { weightDistribution } from '../sim/inits';
import {
  GiB, MemoryError, compareBytes, formatBytes, jacobianRefusal, jacobianTerms, memoryRefusal, totalBytes, type MemoryTerm, type SizeField,
} from '../sim/memory';
import { FPRIME_BINS } from '../sim/stats';
import type { GpuLimits } from './device';
import { SCALE_WORDS } from './includes';
import { LAYER_RECORD, MAX_STAT_GROUPS } from './stat-partials';

export type WeightMode = 'auto' | 'store' | 'regenerate';

/** A per-layer store chunked over buffers that each fit one binding: layer l at ((l − 1) mod perChunk)·stride of chunk ⌊(l − 1)/perChunk⌋. */
export interface LayerStore {
  /** Floats between consecutive layers (a multiple of 64 floats = 256 bytes). */
  stride: number;
  layersPerChunk: number;
  chunks: number;
  bytes: number;
}

function layerStore(depth: number, floats: number, maxBinding: number): LayerStore {
  const stride = roundUp(floats, 64);
  const layersPerChunk = Math.floor(maxBinding / (stride * 4));
  return { stride, layersPerChunk, chunks: Math.ceil(depth / layersPerChunk), bytes: depth * stride * 4 };
}

export interface MemoryPlan {
  storeWeights: boolean;
  /** Floats between consecutive W_l in a chunk (a multiple of 64 floats = 256 bytes). */
  weightStride: number;
  weightLayersPerChunk: number;
  weightChunks: number;
  preactStride: number;
  preactLayersPerChunk: number;
  preactChunks: number;
  /** The normalization's 1/σ per group of every layer (null without one). */
  invStd: LayerStore | null;
  /** Every h_l (a residual net with weight gradients; else null). */
  hStore: LayerStore | null;
  /** Bytes of one batch × width activation buffer. */
  activationBytes: number;
  /** Layers encoded per command buffer (progress / cancellation granularity). */
  layersPerSubmit: number;
  partialsBytes: number;
  resultsBytes: number;
  /** The exponent words of every layer and activation (src/gpu/includes.ts SCALE_WORDS). */
  scalesBytes: number;
  detailsBytes: number;
  /** What the run allocates, term by term (the figure a refusal gives is their sum). */
  terms: MemoryTerm[];
  totalBytes: number;
}

export interface PlanOptions {
  weights?: WeightMode;
  /** GPU memory this engine may use for one run (WebGPU does not report the device's total). */
  memoryBudgetBytes?: number;
  /** The per-unit δ and f′ histograms the app's charts read back (the command line does not). */
  details?: boolean;
  /** Caps the per-binding size below the device's (tests exercise chunking across buffers with it). */
  maxBindingBytes?: number;
  /** The configuration is a Jacobian probe run (src/sim/spectrum.ts): g_0's exponent words, and refusals as --spectrum's. */
  jacobian?: boolean;
}

export const DEFAULT_GPU_BUDGET = 4 * GiB;
/**
 * The part of every limit a plan leaves free. WebGPU reports neither the device's memory nor what
 * an implementation adds to a buffer (Dawn aligns and pads allocations; SwiftShader refuses a buffer
 * of exactly the maxBufferSize it advertises), so a plan uses at most 7/8 of the budget and of
 * each buffer limit. The README states this margin.
 */
export const MEMORY_MARGIN = 1 / 8;
/** The part of a limit (a budget, a buffer size) a plan may use, in 256-byte steps. The trainer's plan uses it too. */
export const usable = (limit: number): number => Math.floor((limit * (1 - MEMORY_MARGIN)) / 256) * 256;
/** Floating-point work per submitted command buffer, roughly. */
const FLOPS_PER_SUBMIT = 2 ** 31;
const MAX_LAYERS_PER_SUBMIT = 128;

const roundUp = (x: number, m: number): number => Math.ceil(x / m) * m;

export function planMemory(config: SimConfig, limits: GpuLimits, opts: PlanOptions = {}): MemoryPlan {
  if (!opts.jacobian) return plan(config, limits, opts, memoryRefusal);
  try {
    return plan(config, limits, opts, (where, terms, limit, text) => memoryRefusal(where, jacobianTerms(terms), limit, text));
  } catch (err) {
    throw err instanceof MemoryError ? jacobianRefusal(err, config.depth) : err;
  }
}

function plan(config: SimConfig, limits: GpuLimits, opts: PlanOptions, refuse: typeof memoryRefusal): MemoryPlan {
  const { depth, width: n, batch } = config;
  const nAct = config.activations.length;
  const acts = `${nAct} activation${nAct > 1 ? 's' : ''}`;
  const budget = usable(opts.memoryBudgetBytes ?? DEFAULT_GPU_BUDGET);
  const deviceBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, opts.maxBindingBytes ?? Infinity);
  const maxBinding = usable(deviceBinding);
  const perBuffer = (need: number): string =>
    `the device allows ${formatBytes(deviceBinding)} per buffer binding, of which this engine uses at most 7/8 (${compareBytes(need, maxBinding).limit})`;
  const perRun = (limit: string): string =>
    `this engine plans for at most ${limit} per run, 7/8 of its ${formatBytes(opts.memoryBudgetBytes ?? DEFAULT_GPU_BUDGET)} budget`;

  const activationBytes = roundUp(batch * n * 4, 256);
  if (activationBytes > maxBinding) {
    throw refuse('in one GPU buffer', [{ what: 'one activation buffer', dims: `batch ${batch} × width ${n}`, reduce: ['batch', 'width'], bytes: activationBytes }], maxBinding, () => perBuffer(activationBytes));
  }
  const preacts = layerStore(depth, batch * n, maxBinding);
  const invStd = config.norm === 'none' ? null : layerStore(depth, config.norm === 'batch' ? n : batch, maxBinding);
  const hStore = config.alpha > 0 && config.weightGrads ? layerStore(depth, batch * n, maxBinding) : null;

  const layersPerSubmit = Math.max(1, Math.min(MAX_LAYERS_PER_SUBMIT, depth, Math.floor(FLOPS_PER_SUBMIT / (6 * batch * n * n))));
  const partialsBytes = layersPerSubmit * MAX_STAT_GROUPS * LAYER_RECORD.words * 4;
  const resultsBytes = nAct * depth * LAYER_RECORD.words * 4;
  const scalesBytes = (nAct * depth + (opts.jacobian ? 1 : 0)) * SCALE_WORDS * 4;
  const detailsBytes = opts.details ? nAct * depth * (n + FPRIME_BINS) * 4 : 0;
  // The results, the exponents and the details are read back through one staging buffer.
  const readback: MemoryTerm[] = [
    { what: 'per-layer statistics and exponents', dims: `${acts} × depth ${depth}`, reduce: ['activations', 'depth'], bytes: resultsBytes + scalesBytes },
    { what: 'per-unit δ and f′ histograms for the charts', dims: `${acts} × depth ${depth} × (width ${n} + ${FPRIME_BINS})`, reduce: ['activations', 'depth', 'width'], bytes: detailsBytes },
  ];
  if (totalBytes(readback) > maxBinding) {
    throw refuse('in one GPU buffer to read the results back', readback, maxBinding, () => perBuffer(totalBytes(readback)));
  }
  const layerBuffers = 5 + (config.norm === 'none' ? 0 : 1);
  const terms: MemoryTerm[] = [
    { what: 'stored pre-activations', dims: `depth ${depth} × batch ${batch} × width ${n}`, reduce: ['depth', 'batch', 'width'], bytes: preacts.bytes },
    ...(invStd ? [{ what: 'the normalization\'s 1/σ', dims: `depth ${depth} × ${config.norm === 'batch' ? `width ${n}` : `batch ${batch}`}`, reduce: ['depth', config.norm === 'batch' ? 'width' : 'batch'] as SizeField[], bytes: invStd.bytes }] : []),
    ...(hStore ? [{ what: 'the stored residual stream h_l', dims: `depth ${depth} × batch ${batch} × width ${n}`, reduce: ['depth', 'batch', 'width'] as SizeField[], bytes: hStore.bytes }] : []),
    // x, h/δ ping-pong, g ping-pong, and e = N′ᵀδ with a normalization (src/gpu/buffers.ts).
    { what: 'activation, g and δ buffers', dims: `${layerBuffers} × batch ${batch} × width ${n}`, reduce: ['batch', 'width'], bytes: layerBuffers * activationBytes },
    { ...readback[0], bytes: partialsBytes + 2 * (resultsBytes + scalesBytes) },
    { ...readback[1], bytes: 2 * detailsBytes },
  ];
  if (totalBytes(terms) > budget) throw refuse('of GPU memory', terms, budget, perRun);

  const weightStride = roundUp(n * n, 64);
  const weights: MemoryTerm = { what: 'stored weights', dims: `depth ${depth} × width ${n}²`, reduce: ['depth', 'width'], bytes: depth * weightStride * 4 };
  const orthogonal = weightDistribution(config.init, n, n).kind === 'orthogonal';
  const layerFits = weightStride * 4 <= maxBinding;
  const fitsStored = layerFits && totalBytes(terms) + weights.bytes <= budget;
  const mode = opts.weights ?? 'auto';
  let storeWeights: boolean;
  if (orthogonal || mode === 'store') {
    if (!fitsStored) {
      const why = orthogonal ? 'orthogonal weights are computed on the CPU and must be stored: ' : 'with stored weights it ';
      const refusal = layerFits
        ? refuse('of GPU memory', [...terms, weights], budget, perRun)
        : refuse('in one GPU buffer', [{ what: 'one layer of weights', dims: `width ${n}²`, reduce: ['width'], bytes: weightStride * 4 }], maxBinding, () => perBuffer(weightStride * 4));
      refusal.message = `${why}${refusal.message}${orthogonal ? '; or use a Gaussian/uniform init, whose weights are regenerated on the GPU' : ''}`;
      throw refusal;
    }
    storeWeights = true;
  } else {
    storeWeights = mode === 'auto' && fitsStored;
  }
  if (storeWeights) terms.push(weights);
  const weightLayersPerChunk = storeWeights ? Math.floor(maxBinding / (weightStride * 4)) : 0;
  const weightChunks = storeWeights ? Math.ceil(depth / weightLayersPerChunk) : 0;
  return {
    storeWeights,
    weightStride,
    weightLayersPerChunk,
    weightChunks,
    preactStride: preacts.stride,
    preactLayersPerChunk: preacts.layersPerChunk,
    preactChunks: preacts.chunks,
    invStd,
    hStore,
    activationBytes,
    layersPerSubmit,
    partialsBytes,
    resultsBytes,
    scalesBytes,
    detailsBytes,
    terms,
    totalBytes: totalBytes(terms),
  };
}
