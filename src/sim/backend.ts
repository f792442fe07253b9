/**
 * The one part of the CPU engines that differs between them: where matrices live and how the three
 * O(n²)·batch products of a layer are computed (and where the generator's values are drawn: the
 * same values, on one core or on all of them). The flow around them — generation, the forward
 * pass, δ with its carried exponent, statistics, zero causes, details (src/sim/cpu-engine.ts) and
 * training (src/sim/train/backprop.ts) — is written once, elementwise work in TypeScript, and calls
 * a backend for allocation and products:
 *
 *   - `reference` (src/sim/reference-backend.ts): float64 accumulation in TypeScript loops, one
 *     thread; the source of truth the other engines are tested against;
 *   - `cpu` (src/cpu/backend.ts): the WebAssembly SIMD kernels of src/cpu, float32 accumulation, on
 *     every core the platform allows.
 *
 * Layouts are the engines': activations batch-major [b·n + j], W row-major [out][in]. Inputs and
 * outputs of a product must come from the backend's `alloc` (subarrays included); an output never
 * overlaps an input. Every result is stored in float32.
 */
import type { LayerShape } from '../cpu/kernels';
import type { FillSpec } from './generator';
import type { SimdKind } from '../cpu/wasm-module';

export type { LayerShape };

export const CPU_ENGINE_KINDS = ['reference', 'cpu'] as const;
export type CpuEngineKind = (typeof CPU_ENGINE_KINDS)[number];

/** How a backend runs, for the result's `engine` object and the app. */
export interface BackendInfo {
  kind: CpuEngineKind;
  /** Threads that compute the products. */
  threads: number;
  /** One line: why this many threads. */
  threadsReason: string;
  /** The WebAssembly SIMD flavour of the kernels; null for the reference's TypeScript loops. */
  simd: SimdKind | null;
}

export interface CpuBackend {
  readonly kind: CpuEngineKind;
  /** A zero-filled float32 matrix the products can read and write. */
  alloc(floats: number): Float32Array;
  /** Gives back what alloc returned. */
  free(view: Float32Array): void;
  /**
   * Bytes one allocation of `floats` takes, and the most the backend can still allocate (null: only
   * the caller's limit applies), so a memory plan can refuse a run before anything is allocated.
   */
  allocationBytes(floats: number): number;
  availableBytes(): number | null;
  /** S[b][i] = Σ_j W[i][j]·H[b][j] + bias[i] (bias null: none); forward.wgsl's product. */
  forward(s: Float32Array, h: Float32Array, w: Float32Array, bias: Float32Array | null, shape: LayerShape): void;
  /** G[b][j] = Σ_i D[b][i]·W[i][j], the Wᵀδ of backward.wgsl before ⊙ f′. */
  backward(g: Float32Array, d: Float32Array, w: Float32Array, shape: LayerShape): void;
  /** GW[i][j] = scale·Σ_b D[b][i]·H[b][j]: weight_grad.wgsl's and train_weight_grad.wgsl's product. */
  weightGrad(gw: Float32Array, d: Float32Array, h: Float32Array, scale: number, shape: LayerShape): void;
  /**
   * The generator's values, exactly src/sim/generator.ts's fillValues (the `cpu` backend fills on
   * every core, with JavaScript's own Math.log and Math.cos, so the bits are the same).
   */
  fill(out: Float32Array, spec: FillSpec): void;
  info(): BackendInfo;
  /** Ends the backend's workers; it cannot be used afterwards. */
  dispose(): void;
}

/** Allocates from `backend` and frees every allocation at once (the flow's buffers of one run). */
export class Allocations {
  private readonly views: Float32Array[] = [];
  constructor(readonly backend: CpuBackend) {}

  alloc(floats: number): Float32Array {
    const v = this.backend.alloc(floats);
    this.views.push(v);
    return v;
  }

  /** A copy of `values` inside the backend's memory. */
  copy(values: Float32Array): Float32Array {
    const v = this.alloc(values.length);
    v.set(values);
    return v;
  }

  freeAll(): void {
    for (const v of this.views.splice(0)) this.backend.free(v);
  }
}
