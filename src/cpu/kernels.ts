/**
 * The CPU engine's matrix kernels: WebAssembly SIMD (wasm/gemm.ts), float32 storage and float32
 * accumulation, on every core through one shared memory.
 *
 *   const k = await createCpuKernels({ threads, maxBytes, reserveBytes, relaxedSimd }); // all optional
 *   const h = k.alloc(batch * nIn), w = k.alloc(nOut * nIn), s = k.alloc(batch * nOut);
 *   k.forward(s, h, w, bias, { batch, nIn, nOut });     // S[b][i] = Σ_j W[i][j]·H[b][j] + bias[i]
 *   k.backward(g, d, w, { batch, nIn, nOut });          // G[b][j] = Σ_i D[b][i]·W[i][j]
 *   k.weightGrad(gw, d, h, scale, { batch, nIn, nOut }); // GW[i][j] = scale·Σ_b D[b][i]·H[b][j]
 *   k.fill(w, { dist: 'normal', key, scale: std });      // = fillNormal(w, key, std) of src/sim/generator.ts
 *   k.info();  k.free(h);  k.dispose();
 *
 * Layouts are the engines': activations batch-major ([b·n + j]), W row-major [out][in]. Every matrix
 * a kernel reads or writes must come from `alloc` (a subarray of an allocation is fine): the kernels
 * address them in place, nothing is copied per call. An output may not overlap an input.
 *
 * Each output element is summed in order of its reduction index, one float32 product at a time, by
 * the same instructions whatever the thread count (threads take whole tiles of the output), so
 * 1 and N threads give bit-identical results. The relaxed-SIMD build (chosen where the engine
 * validates it) may fuse each multiply-add and then differs from the plain build in the last bits.
 * Error bound, both builds: |computed − exact| ≤ γ_{K+2}·(Σ|terms| + |bias|), γ_n = n·u/(1 − n·u),
 * u = 2⁻²⁴, K the reduction length, with weightGrad's scale rounded to float32 (src/cpu/kernels.test.ts
 * checks it on odd shapes). `fill` gives exactly the generator's values (fillNormal, fillUniform),
 * on every thread: the port calls JavaScript's own Math.log and Math.cos.
 *
 * Threads: the caller computes too and `threads − 1` workers help; the call returns when the result
 * is complete (synchronous). It blocks with Atomics.wait where the platform allows (Node, workers)
 * and spins on a page's main thread, so a simulation should call it from a worker. Without
 * SharedArrayBuffer across workers (a page that is not cross-origin isolated: it needs the headers
 * Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp) the kernels
 * run on the calling thread alone, and `info().reason` says so.
 *
 * Memory: wasm32 addresses at most 4 GiB; `info().availableBytes` is what allocations can still get
 * (`allocationBytes(floats)` each, rounded to 64 bytes), so an engine's memory plan can refuse a
 * network up front; `alloc` beyond it throws a CpuMemoryError that says how much is needed and in use.
 */
import { allocationBytes, Arena, CpuMemoryError } from './arena';
import { Dispatcher, type Product } from './dispatch';
import { JOB_BYTES, JOB_DONE, JOB_FAILED, SCRATCH_BYTES, SCRATCH_TILES } from './job-layout';
import { isNode, startWorkers } from './pool';
import type { FillSpec } from '../sim/generator';
import { kernelImports, loadKernels, MATH_IMPORTS, type GemmExports, type SimdKind } from './wasm-module';

export { allocationBytes, CpuMemoryError };
export type { FillSpec };

export interface CpuKernelsOptions {
  /** Threads that compute, the caller included; default: every core the platform reports. */
  threads?: number;
  /** Cap on the memory's size in bytes (default and most: 4 GiB, wasm32's limit). */
  maxBytes?: number;
  /** Bytes of matrices to make room for at once (the memory otherwise grows as alloc needs). */
  reserveBytes?: number;
  /**
   * false: plain SIMD even where relaxed SIMD validates, so that results are the same bits on every
   * machine (relaxed_madd fuses or not depending on the CPU). Default true.
   */
  relaxedSimd?: boolean;
}

/** Sizes of one fully connected layer: W is nOut × nIn, activations are batch × n. */
export interface LayerShape {
  batch: number;
  nIn: number;
  nOut: number;
}

export interface CpuKernelsInfo {
  /** Threads that compute (the caller and its workers). */
  threads: number;
  /** One line: why this many threads. */
  reason: string;
  /** Cores the platform reports (os.availableParallelism / navigator.hardwareConcurrency). */
  cores: number;
  /** `relaxed`: f32x4.relaxed_madd (fused where the CPU can); `plain`: separate multiply and add. */
  simd: SimdKind;
  /** Whether the memory is a SharedArrayBuffer that workers share. */
  sharedMemory: boolean;
  /** The page's crossOriginIsolated; null outside a browser. */
  crossOriginIsolated: boolean | null;
  /** Most bytes the memory can ever hold (wasm32: at most 4 GiB), kernels' own area included. */
  capacityBytes: number;
  /** Bytes held by live allocations. */
  usedBytes: number;
  /** Bytes a new allocation can still get at most. */
  availableBytes: number;
  /** Tiles each thread has computed so far, the caller first: shows that the workers take part. */
  tilesPerThread: number[];
}

export interface CpuKernels {
  /** A zero-filled float32 matrix inside the kernels' memory. */
  alloc(floats: number): Float32Array;
  /** Frees what alloc returned. */
  free(view: Float32Array): void;
  /** S[b][i] = Σ_j W[i][j]·H[b][j] + bias[i] (bias null: none). */
  forward(s: Float32Array, h: Float32Array, w: Float32Array, bias: Float32Array | null, shape: LayerShape): void;
  /** G[b][j] = Σ_i D[b][i]·W[i][j]. */
  backward(g: Float32Array, d: Float32Array, w: Float32Array, shape: LayerShape): void;
  /** GW[i][j] = scale · Σ_b D[b][i]·H[b][j]. */
  weightGrad(gw: Float32Array, d: Float32Array, h: Float32Array, scale: number, shape: LayerShape): void;
  /** out[i] = the generator's value for counter offset + i, bit for bit. */
  fill(out: Float32Array, spec: FillSpec): void;
  info(): CpuKernelsInfo;
  /** Stops the workers; the kernels cannot be used afterwards. */
  dispose(): void;
}

const PAGE = 65536;
const WASM32_MAX_BYTES = 2 ** 32;

function coreCount(): Promise<number> {
  if (isNode) {
    const name = 'node:os';
    return (import(/* @vite-ignore */ name) as Promise<typeof import('node:os')>).then((os) => os.availableParallelism());
  }
  return Promise.resolve(Math.max(1, navigator.hardwareConcurrency || 1));
}

/** A shared memory with the largest maximum (≤ maxPages) this host reserves, or null if it refuses. */
function sharedMemory(maxPages: number): { memory: WebAssembly.Memory; maxPages: number } | null {
  // A 32-bit host may refuse to reserve 4 GiB of addresses: halve the maximum until it agrees.
  for (let maximum = maxPages; maximum >= 16; maximum = Math.floor(maximum / 2)) {
    try {
      return { memory: new WebAssembly.Memory({ initial: 1, maximum, shared: true }), maxPages: maximum };
    } catch {
      /* try a smaller maximum */
    }
  }
  return null;
}

function threadsReason(requested: number, explicit: boolean, cores: number, isolated: boolean | null): { threads: number; reason: string } {
  const single = (why: string) => ({ threads: 1, reason: `single-threaded: ${why}` });
  if (requested > 1 && isolated === false) {
    return single(
      'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and ' +
        'Cross-Origin-Embedder-Policy: require-corp), so workers cannot share memory',
    );
  }
  if (requested > 1 && typeof SharedArrayBuffer === 'undefined') return single('this platform has no SharedArrayBuffer');
  if (requested > 1 && !isNode && typeof Worker === 'undefined') return single('this context cannot start workers');
  return { threads: requested, reason: explicit ? `${requested} thread${requested === 1 ? '' : 's'} as requested` : `all ${cores} cores` };
}

export async function createCpuKernels(options: CpuKernelsOptions = {}): Promise<CpuKernels> {
  const cores = await coreCount();
  const requested = options.threads ?? cores;
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`threads must be a positive integer, got ${options.threads}`);
  const maxPages = Math.floor(Math.min(options.maxBytes ?? WASM32_MAX_BYTES, WASM32_MAX_BYTES) / PAGE);
  const isolated = isNode ? null : globalThis.crossOriginIsolated === true;
  let { threads, reason } = threadsReason(requested, options.threads !== undefined, cores, isolated);

  const shared = sharedMemory(maxPages);
  if (!shared && threads > 1) {
    threads = 1;
    reason = 'single-threaded: this platform refused a shared WebAssembly memory';
  }
  const memory = shared?.memory ?? new WebAssembly.Memory({ initial: 1, maximum: maxPages });
  const capacityBytes = (shared?.maxPages ?? maxPages) * PAGE;
  const { module, simd } = await loadKernels(shared !== null, options.relaxedSimd ?? true);
  const gemm = (await WebAssembly.instantiate(module, kernelImports(memory))).exports as unknown as GemmExports;

  // The kernels' own area: the job descriptor above the module's static data, then one scratch
  // per thread; the arena follows.
  const job = Math.ceil(gemm.heapBase() / 64) * 64;
  const scratchOf = (thread: number): number => job + JOB_BYTES + thread * SCRATCH_BYTES;

  let workers: { terminate(): void }[] = [];
  if (threads > 1) {
    try {
      workers = await startWorkers(threads - 1, (i) => ({
        module, memory, job, scratch: scratchOf(i + 1), failedWord: JOB_FAILED / 4, doneWord: JOB_DONE / 4, mathImports: MATH_IMPORTS,
      }));
    } catch (err) {
      threads = 1;
      reason = `single-threaded: the workers failed to start (${(err as Error).message})`;
    }
  }
  const arena = new Arena(memory, scratchOf(threads), capacityBytes, shared !== null);
  if (options.reserveBytes) arena.reserve(options.reserveBytes);
  const dispatcher = new Dispatcher(memory, gemm, job, scratchOf(0), threads);
  let disposed = false;

  const addressOf = (view: Float32Array, floats: number, what: string): number => {
    if (!arena.owns(view)) throw new TypeError(`${what} must be allocated by these CPU kernels (alloc)`);
    if (view.length < floats) throw new RangeError(`${what} holds ${view.length} floats, the layer needs ${floats}`);
    return view.byteOffset;
  };
  const noOverlap = (out: Float32Array, outFloats: number, ...inputs: [Float32Array | null, number][]): void => {
    const start = out.byteOffset;
    const end = start + outFloats * 4;
    for (const [v, floats] of inputs) {
      if (v && v.byteOffset < end && start < v.byteOffset + floats * 4) throw new RangeError('the output overlaps an input');
    }
  };
  const checkShape = ({ batch, nIn, nOut }: LayerShape): void => {
    for (const [name, v] of [['batch', batch], ['nIn', nIn], ['nOut', nOut]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
    }
  };

  const run = (p: Product): void => {
    if (disposed) throw new Error('these CPU kernels were disposed');
    dispatcher.run(p);
  };

  return {
    alloc: (floats) => arena.alloc(floats),
    free: (view) => arena.free(view),
    forward(s, h, w, bias, shape) {
      checkShape(shape);
      const { batch, nIn, nOut } = shape;
      const pS = addressOf(s, batch * nOut, 'S');
      const pH = addressOf(h, batch * nIn, 'H');
      const pW = addressOf(w, nOut * nIn, 'W');
      const pBias = bias ? addressOf(bias, nOut, 'bias') : 0;
      noOverlap(s, batch * nOut, [h, batch * nIn], [w, nOut * nIn], [bias, nOut]);
      run({ M: batch, N: nOut, K: nIn, a: pH, aM: nIn, aK: 1, b: pW, bK: 1, bN: nIn, c: pS, ldc: nOut, bias: pBias, scale: 1 });
    },
    backward(g, d, w, shape) {
      checkShape(shape);
      const { batch, nIn, nOut } = shape;
      const pG = addressOf(g, batch * nIn, 'G');
      const pD = addressOf(d, batch * nOut, 'D');
      const pW = addressOf(w, nOut * nIn, 'W');
      noOverlap(g, batch * nIn, [d, batch * nOut], [w, nOut * nIn]);
      run({ M: batch, N: nIn, K: nOut, a: pD, aM: nOut, aK: 1, b: pW, bK: nIn, bN: 1, c: pG, ldc: nIn, bias: 0, scale: 1 });
    },
    weightGrad(gw, d, h, scale, shape) {
      checkShape(shape);
      const { batch, nIn, nOut } = shape;
      if (!Number.isFinite(scale)) throw new RangeError(`scale must be finite, got ${scale}`);
      const pGW = addressOf(gw, nOut * nIn, 'GW');
      const pD = addressOf(d, batch * nOut, 'D');
      const pH = addressOf(h, batch * nIn, 'H');
      noOverlap(gw, nOut * nIn, [d, batch * nOut], [h, batch * nIn]);
      run({ M: nOut, N: nIn, K: batch, a: pD, aM: 1, aK: nOut, b: pH, bK: nIn, bN: 1, c: pGW, ldc: nIn, bias: 0, scale });
    },
    fill(out, { dist, key, scale, offset = 0 }) {
      if (disposed) throw new Error('these CPU kernels were disposed');
      for (const [name, v] of [['key', key], ['offset', offset]] as const) {
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${name} must be a u32, got ${v}`);
      }
      if (!Number.isFinite(scale)) throw new RangeError(`scale must be finite, got ${scale}`);
      if (out.length === 0) return;
      dispatcher.fill({ out: addressOf(out, out.length, 'the filled matrix'), count: out.length, dist, key, offset, scale });
    },
    info: () => ({
      threads,
      reason,
      cores,
      simd,
      sharedMemory: shared !== null,
      crossOriginIsolated: isolated,
      capacityBytes,
      usedBytes: arena.usedBytes,
      availableBytes: arena.availableBytes,
      tilesPerThread: Array.from({ length: threads }, (_, t) => new Int32Array(memory.buffer, scratchOf(t) + SCRATCH_TILES, 1)[0]!),
    }),
    dispose() {
      if (disposed) return;
      disposed = true;
      dispatcher.stopWorkers();
      for (const w of workers) w.terminate();
    },
  };
}
