/**
 * The CPU engines' memory plan for one simulation run, decided before anything is allocated: the
 * matrices the flow (src/sim/cpu-engine.ts) allocates are declared here once, as groups of equal
 * allocations, and the flow allocates exactly these; the plan sizes them the way the backend
 * allocates (the `cpu` backend rounds each allocation to 64 bytes inside one WebAssembly memory,
 * which wasm32 caps at 4 GiB) and refuses a run beyond the limit with the figure and what dominates it.
 */
import type { CpuBackend } from './backend';
import { ConfigError, formatBytes, type SimConfig } from './config';
import { FPRIME_BINS } from './stats';

/** `count` allocations of `floats` float32 values each. */
export interface BufferGroup {
  what: string;
  /** The sizes behind it, as the message names them. */
  dims: string;
  /** The sizes that shrink it. */
  reduce: string;
  count: number;
  floats: number;
}

/** The flow's matrices, all inside the backend's memory. */
export function simBuffers(c: SimConfig) {
  const { depth, width: n, batch } = c;
  const group = (what: string, dims: string, reduce: string, count: number, floats: number): BufferGroup => ({ what, dims, reduce, count, floats });
  return {
    weights: group('weights', `depth ${depth} × width ${n}²`, 'depth or width', depth, n * n),
    biases: group('biases', `depth ${depth} × width ${n}`, 'depth or width', c.sigmaB2 === 0 ? 0 : depth, n),
    preacts: group('pre-activations', `depth ${depth} × batch ${batch} × width ${n}`, 'depth, batch or width', depth, batch * n),
    /** x, h and the next h, δ and the next δ, and h_{l−1} again for weight gradients. */
    vectors: group('activation and δ buffers', `${c.weightGrads ? 6 : 5} × batch ${batch} × width ${n}`, 'batch or width', c.weightGrads ? 6 : 5, batch * n),
    weightGrad: group('the weight gradient', `width ${n}²`, 'width', c.weightGrads ? 1 : 0, n * n),
  };
}

interface Term {
  what: string;
  dims: string;
  reduce: string;
  bytes: number;
}

/** What sizes a plan: the backend's allocation rounding and free memory (null: unbounded but for the caller's limit). */
export type MemoryModel = Pick<CpuBackend, 'kind' | 'allocationBytes' | 'availableBytes'>;

export interface CpuPlan {
  /** Inside the backend's memory (the `cpu` backend's WebAssembly memory). */
  resident: Term[];
  /** Ordinary JavaScript arrays: the charts' per-unit details. */
  heap: Term[];
  totalBytes: number;
  residentBytes: number;
}

const sum = (terms: readonly Term[]): number => terms.reduce((t, x) => t + x.bytes, 0);

export function planCpuMemory(c: SimConfig, model: MemoryModel, opts: { details?: boolean } = {}): CpuPlan {
  const resident = Object.values(simBuffers(c)).map((g) => ({ ...g, bytes: g.count * model.allocationBytes(g.floats) }));
  const acts = c.activations.length;
  const heap = opts.details
    ? [{
      what: 'per-unit δ and f′ histograms for the charts', dims: `${acts} activation${acts > 1 ? 's' : ''} × depth ${c.depth} × (width ${c.width} + ${FPRIME_BINS})`,
      reduce: 'depth or width', bytes: acts * c.depth * (c.width + FPRIME_BINS + 1) * 4,
    }]
    : [];
  const residentBytes = sum(resident);
  return { resident, heap, residentBytes, totalBytes: residentBytes + sum(heap) };
}

/** "12.0 GiB of weights (depth 100 × width 4096²)", the largest term, and the next while it is a tenth of the total or more. */
function dominant(terms: readonly Term[]): { text: string; reduce: string } {
  const sorted = terms.filter((t) => t.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  const total = sum(sorted);
  const shown = sorted.filter((t, i) => i === 0 || (i < 3 && t.bytes >= 0.1 * total));
  return { text: shown.map((t) => `${formatBytes(t.bytes)} of ${t.what} (${t.dims})`).join(' and '), reduce: sorted[0]?.reduce ?? 'the sizes' };
}

/**
 * Refuses, before allocating, a run the engine cannot hold: beyond `limitBytes` in all, or beyond
 * what the backend's memory can still allocate (wasm32: 4 GiB at most).
 */
export function checkCpuMemory(c: SimConfig, limitBytes: number, model: MemoryModel, opts: { details?: boolean } = {}): CpuPlan {
  const plan = planCpuMemory(c, model, opts);
  const where = model.kind === 'cpu' ? 'on the CPU engine' : 'on the reference engine';
  const network = `depth ${c.depth} × width ${c.width} × batch ${c.batch}`;
  if (plan.totalBytes > limitBytes) {
    const d = dominant([...plan.resident, ...plan.heap]);
    throw new ConfigError(`${network} needs ${formatBytes(plan.totalBytes)} ${where}, mostly ${d.text}; the limit is ${formatBytes(limitBytes)} (reduce ${d.reduce})`);
  }
  const available = model.availableBytes();
  if (available !== null && plan.residentBytes > available) {
    const d = dominant(plan.resident);
    throw new ConfigError(
      `${network} needs ${formatBytes(plan.residentBytes)} of WebAssembly memory ${where}, mostly ${d.text}; ` +
        `wasm32 memory holds at most 4 GiB and ${formatBytes(available)} of it is free for matrices (reduce ${d.reduce})`,
    );
  }
  return plan;
}
