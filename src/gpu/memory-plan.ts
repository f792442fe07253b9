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
 * - Two ping-pong activation buffers carry h_l forward and then δ_l backward; x has its own buffer.
 * - Statistics: one partial record per workgroup of a command buffer's layers, one record per layer
 *   read back (src/gpu/stat-partials.ts), with the carried exponents (four words per layer,
 *   src/gpu/includes.ts SCALE_WORDS). The uniform slots (KiB, sized by the dispatch recorder from
 *   what it records) are not budgeted.
 */
import { ConfigError, formatBytes, GiB, type SimConfig } from '../sim/config';
import { weightDistribution } from '../sim/inits';
import { FPRIME_BINS } from '../sim/stats';
import type { GpuLimits } from './device';
import { SCALE_WORDS } from './includes';
import { LAYER_RECORD, MAX_STAT_GROUPS } from './stat-partials';

export type WeightMode = 'auto' | 'store' | 'regenerate';

export interface MemoryPlan {
  storeWeights: boolean;
  /** Floats between consecutive W_l in a chunk (a multiple of 64 floats = 256 bytes). */
  weightStride: number;
  weightLayersPerChunk: number;
  weightChunks: number;
  preactStride: number;
  preactLayersPerChunk: number;
  preactChunks: number;
  /** Bytes of one batch × width activation buffer. */
  activationBytes: number;
  /** Layers encoded per command buffer (progress / cancellation granularity). */
  layersPerSubmit: number;
  partialsBytes: number;
  resultsBytes: number;
  /** The exponent words of every layer and activation (src/gpu/includes.ts SCALE_WORDS). */
  scalesBytes: number;
  detailsBytes: number;
  totalBytes: number;
}

export interface PlanOptions {
  weights?: WeightMode;
  /** GPU memory this engine may use for one run (WebGPU does not report the device's total). */
  memoryBudgetBytes?: number;
  details?: boolean;
  /** Caps the per-binding size below the device's (tests exercise chunking across buffers with it). */
  maxBindingBytes?: number;
}

export const DEFAULT_GPU_BUDGET = 4 * GiB;
/** Floating-point work per submitted command buffer, roughly. */
const FLOPS_PER_SUBMIT = 2 ** 31;
const MAX_LAYERS_PER_SUBMIT = 128;

const roundUp = (x: number, m: number): number => Math.ceil(x / m) * m;

export function planMemory(config: SimConfig, limits: GpuLimits, opts: PlanOptions = {}): MemoryPlan {
  const { depth, width: n, batch } = config;
  const nAct = config.activations.length;
  const budget = opts.memoryBudgetBytes ?? DEFAULT_GPU_BUDGET;
  const maxBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, opts.maxBindingBytes ?? Infinity);
  const has = `the device allows ${formatBytes(maxBinding)} per buffer binding and this engine budgets ${formatBytes(budget)} per run`;

  const activationBytes = roundUp(batch * n * 4, 256);
  if (activationBytes > maxBinding) {
    throw new ConfigError(`batch ${batch} × width ${n} needs ${formatBytes(activationBytes)} per activation buffer; ${has} (reduce batch or width)`);
  }
  const preactStride = roundUp(batch * n, 64);
  const preactLayersPerChunk = Math.floor(maxBinding / (preactStride * 4));
  const preactChunks = Math.ceil(depth / preactLayersPerChunk);
  const preactBytes = depth * preactStride * 4;

  const layersPerSubmit = Math.max(1, Math.min(MAX_LAYERS_PER_SUBMIT, depth, Math.floor(FLOPS_PER_SUBMIT / (6 * batch * n * n))));
  const partialsBytes = layersPerSubmit * MAX_STAT_GROUPS * LAYER_RECORD.words * 4;
  const resultsBytes = nAct * depth * LAYER_RECORD.words * 4;
  const scalesBytes = nAct * depth * SCALE_WORDS * 4;
  const detailsBytes = opts.details ? nAct * depth * (n + FPRIME_BINS) * 4 : 0;
  if (resultsBytes > maxBinding || nAct * depth * n * 4 > maxBinding && opts.details) {
    throw new ConfigError(`depth ${depth} × ${nAct} activation(s) needs ${formatBytes(Math.max(resultsBytes, detailsBytes))} of statistics; ${has}`);
  }
  const fixed = 3 * activationBytes + partialsBytes + 2 * (resultsBytes + scalesBytes) + 2 * detailsBytes;
  const withoutWeights = preactBytes + fixed;
  if (withoutWeights > budget) {
    throw new ConfigError(
      `depth ${depth} × batch ${batch} × width ${n} needs ${formatBytes(withoutWeights)} of GPU memory for the stored pre-activations alone; ${has} (reduce depth, batch or width)`,
    );
  }

  const weightStride = roundUp(n * n, 64);
  const weightBytes = depth * weightStride * 4;
  const orthogonal = weightDistribution(config.init, n, n).kind === 'orthogonal';
  const layerFits = weightStride * 4 <= maxBinding;
  const fitsStored = layerFits && withoutWeights + weightBytes <= budget;
  const mode = opts.weights ?? 'auto';
  let storeWeights: boolean;
  if (orthogonal || mode === 'store') {
    if (!fitsStored) {
      throw new ConfigError(
        `${orthogonal ? 'orthogonal weights are computed on the CPU and must be stored: ' : ''}depth ${depth} × width ${n}² needs ${formatBytes(withoutWeights + weightBytes)} of GPU memory with stored weights; ${has} (reduce depth or width${orthogonal ? ', or use a Gaussian/uniform init, whose weights are regenerated on the GPU' : ''})`,
      );
    }
    storeWeights = true;
  } else {
    storeWeights = mode === 'auto' && fitsStored;
  }
  const weightLayersPerChunk = storeWeights ? Math.floor(maxBinding / (weightStride * 4)) : 0;
  const weightChunks = storeWeights ? Math.ceil(depth / weightLayersPerChunk) : 0;
  return {
    storeWeights,
    weightStride,
    weightLayersPerChunk,
    weightChunks,
    preactStride,
    preactLayersPerChunk,
    preactChunks,
    activationBytes,
    layersPerSubmit,
    partialsBytes,
    resultsBytes,
    scalesBytes,
    detailsBytes,
    totalBytes: withoutWeights + (storeWeights ? weightBytes : 0),
  };
}
