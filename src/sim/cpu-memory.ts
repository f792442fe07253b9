/**
 * The CPU engines' memory plan for one simulation run, decided before anything is allocated: the
 * matrices the flow (src/sim/cpu-engine.ts) allocates are declared here once, as groups of equal
 * allocations, and the flow allocates exactly these; the plan sizes them the way the backend
 * allocates (the `cpu` backend rounds each allocation to 64 bytes inside one WebAssembly memory,
 * which wasm32 caps at 4 GiB) and refuses a run beyond the limit in the words of src/sim/memory.ts.
 */
import type { CpuBackend } from './backend';
import type { SimConfig } from './config';
import { MemoryError, formatBytes, jacobianRefusal, jacobianTerms, memoryRefusal, totalBytes, type MemoryTerm, type SizeField } from './memory';
import { FPRIME_BINS } from './stats';

/** `count` allocations of `floats` float32 values each. */
export interface BufferGroup {
  what: string;
  /** The sizes behind it, as the message names them. */
  dims: string;
  /** The sizes that shrink it. */
  reduce: readonly SizeField[];
  count: number;
  floats: number;
}

/**
 * The flow's matrices, all inside the backend's memory. The architectures add the normalization's
 * 1/σ per unit (BatchNorm) or per example (LayerNorm) of every layer, and every h_l of a residual
 * net with weight gradients (its h_{l−1} is then not f(s_{l−1}), so it cannot be recomputed).
 */
export function simBuffers(c: SimConfig) {
  const { depth, width: n, batch } = c;
  const group = (what: string, dims: string, reduce: readonly SizeField[], count: number, floats: number): BufferGroup => ({ what, dims, reduce, count, floats });
  const normed = c.norm !== 'none';
  const storedH = c.alpha > 0 && c.weightGrads;
  const vectors = simVectors(c);
  return {
    weights: group('weights', `depth ${depth} × width ${n}²`, ['depth', 'width'], depth, n * n),
    biases: group('biases', `depth ${depth} × width ${n}`, ['depth', 'width'], c.sigmaB2 === 0 ? 0 : depth, n),
    preacts: group('pre-activations', `depth ${depth} × batch ${batch} × width ${n}`, ['depth', 'batch', 'width'], depth, batch * n),
    invStd: c.norm === 'batch'
      ? group('the normalization\'s 1/σ', `depth ${depth} × width ${n}`, ['depth', 'width'], normed ? depth : 0, n)
      : group('the normalization\'s 1/σ', `depth ${depth} × batch ${batch}`, ['depth', 'batch'], normed ? depth : 0, batch),
    stored: group('the residual stream h_l', `depth ${depth} × batch ${batch} × width ${n}`, ['depth', 'batch', 'width'], storedH ? depth : 0, batch * n),
    vectors: group('activation, g and δ buffers', `${vectors.length} × batch ${batch} × width ${n}`, ['batch', 'width'], vectors.length, batch * n),
    weightGrad: group('the weight gradient', `width ${n}²`, ['width'], c.weightGrads ? 1 : 0, n * n),
  };
}

/**
 * The flow's batch × width vectors, by name: x, h and the next h, δ, g and the next g; e = N′ᵀδ
 * with a normalization; h_{l−1} recomputed for the weight gradients of a net without a stored stream.
 */
export function simVectors(c: SimConfig): ('x' | 'h' | 'hNext' | 'd' | 'g' | 'gNext' | 'e' | 'hPrev')[] {
  return [
    'x', 'h', 'hNext', 'd', 'g', 'gNext',
    ...(c.norm !== 'none' ? ['e' as const] : []),
    ...(c.weightGrads && !(c.alpha > 0) ? ['hPrev' as const] : []),
  ];
}

/** What sizes a plan: the backend's allocation rounding and free memory (null: unbounded but for the caller's limit). */
export type MemoryModel = Pick<CpuBackend, 'kind' | 'allocationBytes' | 'availableBytes'>;

export interface CpuPlan {
  /** Inside the backend's memory (the `cpu` backend's WebAssembly memory). */
  resident: MemoryTerm[];
  /** Ordinary JavaScript arrays: the charts' per-unit details. */
  heap: MemoryTerm[];
  totalBytes: number;
  residentBytes: number;
}

/** details: the charts' per-unit details; jacobian: `c` is a Jacobian probe run (src/sim/spectrum.ts). */
export interface CpuPlanOptions {
  details?: boolean;
  jacobian?: boolean;
}

export function planCpuMemory(c: SimConfig, model: MemoryModel, opts: CpuPlanOptions = {}): CpuPlan {
  const terms = Object.values(simBuffers(c)).map(({ what, dims, reduce, count, floats }) => ({ what, dims, reduce, bytes: count * model.allocationBytes(floats) }));
  const resident = opts.jacobian ? jacobianTerms(terms) : terms;
  const acts = c.activations.length;
  const heap: MemoryTerm[] = opts.details
    ? [{
      what: 'per-unit δ and f′ histograms for the charts', dims: `${acts} activation${acts > 1 ? 's' : ''} × depth ${c.depth} × (width ${c.width} + ${FPRIME_BINS})`,
      reduce: ['activations', 'depth', 'width'], bytes: acts * c.depth * (c.width + FPRIME_BINS + 1) * 4,
    }]
    : [];
  const residentBytes = totalBytes(resident);
  return { resident, heap, residentBytes, totalBytes: residentBytes + totalBytes(heap) };
}

/** The total a run on this model would hold, for callers that budget several runs. */
export function cpuMemoryBytes(c: SimConfig, model: MemoryModel, opts: CpuPlanOptions = {}): number {
  return planCpuMemory(c, model, opts).totalBytes;
}

/**
 * Refuses, before allocating, a run the engine cannot hold: beyond `limitBytes` in all, or beyond
 * what the backend's memory can still allocate (wasm32: 4 GiB at most).
 */
export function checkCpuMemory(c: SimConfig, limitBytes: number, model: MemoryModel, opts: CpuPlanOptions = {}): CpuPlan {
  try {
    return checkPlan(c, limitBytes, model, opts);
  } catch (err) {
    throw opts.jacobian && err instanceof MemoryError ? jacobianRefusal(err, c.depth) : err;
  }
}

function checkPlan(c: SimConfig, limitBytes: number, model: MemoryModel, opts: CpuPlanOptions): CpuPlan {
  const plan = planCpuMemory(c, model, opts);
  const where = model.kind === 'cpu' ? 'on the CPU engine' : 'on the reference engine';
  if (plan.totalBytes > limitBytes) throw memoryRefusal(where, [...plan.resident, ...plan.heap], limitBytes, (limit) => `the limit is ${limit}`);
  const available = model.availableBytes();
  if (available !== null && plan.residentBytes > available) {
    throw memoryRefusal(
      `of WebAssembly memory ${where}`, plan.resident, available,
      () => `wasm32 memory holds at most 4 GiB and ${formatBytes(available)} of it is free for matrices`,
    );
  }
  return plan;
}
