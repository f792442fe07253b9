/**
 * The one owner of a run's GPU memory: creates every buffer of a MemoryPlan, labels it, and frees
 * them all in dispose().
 */
import type { SimConfig } from '../sim/config';
import { FPRIME_BINS } from '../sim/stats';
import type { LayerStore, MemoryPlan } from './memory-plan';

const STORAGE = GPUBufferUsage.STORAGE;

/** Creates labelled buffers (sizes rounded up to 16 bytes) and destroys them all in dispose(). */
export class BufferOwner {
  private readonly all: GPUBuffer[] = [];

  constructor(readonly device: GPUDevice) {}

  make(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const buffer = this.device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 16) * 16), usage });
    this.all.push(buffer);
    return buffer;
  }

  dispose(): void {
    for (const b of this.all) b.destroy();
    this.all.length = 0;
  }
}

export class RunBuffers extends BufferOwner {
  readonly weightChunks: GPUBuffer[] = [];
  readonly preactChunks: GPUBuffer[] = [];
  /** The normalization's 1/σ per group (plan.invStd) and every h_l (plan.hStore), chunked like the pre-activations. */
  readonly invStdChunks: GPUBuffer[];
  readonly hStoreChunks: GPUBuffer[];
  readonly x: GPUBuffer;
  /** Ping-pong: h_l forward, then δ_l backward; layer l uses pingPong[l & 1]. */
  readonly pingPong: [GPUBuffer, GPUBuffer];
  /** Ping-pong of g_l backward, layer l in streamPingPong[l & 1]. */
  readonly streamPingPong: [GPUBuffer, GPUBuffer];
  /** e_l = N′ᵀ δ_l of the layer being passed (a normalized net; else the unused binding). */
  readonly e: GPUBuffer;
  readonly partials: GPUBuffer;
  readonly results: GPUBuffer;
  /** Per activation and layer: max |h̃|, F, max |δ̃|, E (src/gpu/includes.ts SCALE_WORD); read back with the results. */
  readonly scales: GPUBuffer;
  readonly unitRms: GPUBuffer;
  readonly hist: GPUBuffer;
  /** Bound where a kernel's binding is unused in this mode (regenerated weights, no details). */
  readonly dummy: GPUBuffer;
  /** The same for an unused writable binding (the h store without one): a buffer must not be bound both read-only and writable. */
  readonly sink: GPUBuffer;

  constructor(device: GPUDevice, readonly plan: MemoryPlan, config: SimConfig) {
    super(device);
    const { depth } = config;
    const nAct = config.activations.length;
    for (let c = 0; c < plan.weightChunks; c++) {
      const layers = Math.min(plan.weightLayersPerChunk, depth - c * plan.weightLayersPerChunk);
      this.weightChunks.push(this.make(`weights chunk ${c}`, layers * plan.weightStride * 4, STORAGE | GPUBufferUsage.COPY_DST));
    }
    for (let c = 0; c < plan.preactChunks; c++) {
      const layers = Math.min(plan.preactLayersPerChunk, depth - c * plan.preactLayersPerChunk);
      this.preactChunks.push(this.make(`pre-activations chunk ${c}`, layers * plan.preactStride * 4, STORAGE));
    }
    this.invStdChunks = this.storeChunks('normalization 1/σ', plan.invStd, depth);
    this.hStoreChunks = this.storeChunks('activations h', plan.hStore, depth);
    this.x = this.make('input x', plan.activationBytes, STORAGE);
    // A is read back in a Jacobian probe run (it holds g_0, the Jacobian's rows).
    this.pingPong = [this.make('activations/deltas A', plan.activationBytes, STORAGE | GPUBufferUsage.COPY_SRC), this.make('activations/deltas B', plan.activationBytes, STORAGE)];
    this.streamPingPong = [this.make('stream gradients A', plan.activationBytes, STORAGE), this.make('stream gradients B', plan.activationBytes, STORAGE)];
    this.partials = this.make('stat partials', plan.partialsBytes, STORAGE);
    this.results = this.make('stat results', plan.resultsBytes, STORAGE | GPUBufferUsage.COPY_SRC);
    // Created zeroed: every max starts at 0, and unwritten exponents are 0.
    this.scales = this.make('scales', plan.scalesBytes, STORAGE | GPUBufferUsage.COPY_SRC);
    const details = plan.detailsBytes > 0;
    this.unitRms = details
      ? this.make('delta unit rms', nAct * depth * config.width * 4, STORAGE | GPUBufferUsage.COPY_SRC)
      : this.make('delta unit rms (unused)', 16, STORAGE);
    this.hist = details
      ? this.make('fprime histogram', nAct * depth * FPRIME_BINS * 4, STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST)
      : this.make('fprime histogram (unused)', FPRIME_BINS * 4, STORAGE);
    this.dummy = this.make('unused binding', 16, STORAGE);
    this.sink = this.make('unused writable binding', 16, STORAGE);
    this.e = config.norm === 'none' ? this.dummy : this.make('normalization backward e', plan.activationBytes, STORAGE);
  }

  private storeChunks(label: string, store: LayerStore | null, depth: number): GPUBuffer[] {
    if (!store) return [];
    return Array.from({ length: store.chunks }, (_, c) => {
      const layers = Math.min(store.layersPerChunk, depth - c * store.layersPerChunk);
      return this.make(`${label} chunk ${c}`, layers * store.stride * 4, STORAGE);
    });
  }
}
