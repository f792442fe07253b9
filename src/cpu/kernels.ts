/**
 * The CPU engine's matrix kernels: WebAssembly SIMD (wasm/gemm.ts), float32 storage and float32
 * accumulation, on every core through one shared memory.
 *
 *   const k = await createCpuKernels({ threads });     // all cores by default
 *   const h = k.alloc(batch * nIn), w = k.alloc(nOut * nIn), s = k.alloc(batch * nOut);
 *   k.forward(s, h, w, bias, { batch, nIn, nOut });     // S[b][i] = Σ_j W[i][j]·H[b][j] + bias[i]
 *   k.backward(g, d, w, { batch, nIn, nOut });          // G[b][j] = Σ_i D[b][i]·W[i][j]
 *   k.weightGrad(gw, d, h, scale, { batch, nIn, nOut }); // GW[i][j] = scale·Σ_b D[b][i]·H[b][j]
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
 * u = 2⁻²⁴, K the reduction length (src/cpu/kernels.test.ts checks it on odd shapes).
 *
 * Threads: the caller computes too and `threads − 1` workers help; the call returns when the result
 * is complete (synchronous). It blocks with Atomics.wait where the platform allows (Node, workers)
 * and spins on a page's main thread, so a simulation should call it from a worker. Without
 * SharedArrayBuffer across workers (a page that is not cross-origin isolated: it needs the headers
 * Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp) the kernels
 * run on the calling thread alone, and `info().reason` says so.
 *
 * Memory: wasm32 addresses at most 4 GiB; `info().capacityBytes` is what this memory can ever hold,
 * `alloc` beyond it throws a CpuMemoryError that says how much is needed and in use.
 */
import { Arena, CpuMemoryError } from './arena';
import {
  JOB_A, JOB_A_K, JOB_A_M, JOB_B, JOB_BIAS, JOB_BYTES, JOB_B_K, JOB_B_N, JOB_C, JOB_DONE, JOB_K, JOB_LDC,
  JOB_M, JOB_N, JOB_QUIT, JOB_SCALE, JOB_TICKET, JOB_TILES, JOB_TILES_N, JOB_TILE_M, JOB_TILE_N, JOB_WAKE,
  MC_MAX, MR, NC_MAX, NR, SCRATCH_BYTES, SCRATCH_TILES,
} from './job-layout';
import { isNode, startWorkers } from './pool';
import { loadKernels, type GemmExports, type SimdKind } from './wasm-module';

export { CpuMemoryError };

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
  info(): CpuKernelsInfo;
  /** Stops the workers; the kernels cannot be used afterwards. */
  dispose(): void;
}

const PAGE = 65536;
const WASM32_MAX_BYTES = 2 ** 32;
/** Below this many flops a product runs on the caller alone: waking workers costs more. */
const PARALLEL_MIN_FLOPS = 2 ** 21;
/** Tiles per thread to aim for, so a thread that is slowed down (a shared machine) is made up for. */
const TILES_PER_THREAD = 4;
/** Value of the ticket's tile index while a job is being written: no thread can claim a tile. */
const TICKET_LOCKED = 0x7fffffffn;

function coreCount(): Promise<number> {
  if (isNode) {
    const name = 'node:os';
    return (import(/* @vite-ignore */ name) as Promise<typeof import('node:os')>).then((os) => os.availableParallelism());
  }
  return Promise.resolve(Math.max(1, navigator.hardwareConcurrency || 1));
}

/** Whether Atomics.wait may block this thread on `word` (not on a page's main thread, not unshared). */
function canBlock(word: Int32Array): boolean {
  try {
    Atomics.wait(word, 0, ~Atomics.load(word, 0), 0);
    return true;
  } catch {
    return false;
  }
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

/** Largest multiple of `step` ≤ x, at least `step`. */
function floorTo(x: number, step: number): number {
  return Math.max(step, Math.floor(x / step) * step);
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
  const gemm = (await WebAssembly.instantiate(module, { env: { memory } })).exports as unknown as GemmExports;

  // The kernels' own area: the job descriptor above the module's static data, then one scratch
  // per thread; the arena follows.
  const job = Math.ceil(gemm.heapBase() / 64) * 64;
  const scratchOf = (thread: number): number => job + JOB_BYTES + thread * SCRATCH_BYTES;

  let workers: { terminate(): void }[] = [];
  if (threads > 1) {
    try {
      workers = await startWorkers(threads - 1, (i) => ({ module, memory, job, scratch: scratchOf(i + 1) }));
    } catch (err) {
      threads = 1;
      reason = `single-threaded: the workers failed to start (${(err as Error).message})`;
    }
  }
  const arena = new Arena(memory, scratchOf(threads), capacityBytes, shared !== null);
  if (options.reserveBytes) arena.reserve(options.reserveBytes);
  // An unshared memory's views are replaced when it grows; a shared one's stay valid.
  let views = { buffer: memory.buffer, i32: new Int32Array(0), f32: new Float32Array(0), ticket: new BigInt64Array(0) };
  const control = (): typeof views => {
    if (views.i32.length === 0 || views.buffer !== memory.buffer) {
      const buffer = memory.buffer;
      views = {
        buffer,
        i32: new Int32Array(buffer, job, JOB_BYTES / 4),
        f32: new Float32Array(buffer, job, JOB_BYTES / 4),
        ticket: new BigInt64Array(buffer, job + JOB_TICKET, 1),
      };
    }
    return views;
  };
  const blocking = canBlock(control().i32);
  let gen = 0;
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

  /** C[M×N] = scale·Σ_k A(m,k)·B(k,n) (+ bias[n]); addresses in bytes, strides in floats. */
  const run = (
    M: number, N: number, K: number, a: number, aM: number, aK: number, b: number, bK: number, bN: number,
    c: number, ldc: number, bias: number, scale: number,
  ): void => {
    if (disposed) throw new Error('these CPU kernels were disposed');
    const parallel = threads > 1 && 2 * M * N * K >= PARALLEL_MIN_FLOPS;
    // Tiles as large as the scratch and the caches allow, halved until every thread has a few (the
    // result does not depend on the tiling).
    let tileM = Math.min(MC_MAX, floorTo(M + MR - 1, MR));
    let tileN = Math.min(NC_MAX, floorTo(N + NR - 1, NR));
    const tilesOf = (): number => Math.ceil(M / tileM) * Math.ceil(N / tileN);
    while (parallel && tilesOf() < TILES_PER_THREAD * threads && (tileM > 4 * MR || tileN > 4 * NR)) {
      if (tileM >= tileN && tileM > 4 * MR) tileM = floorTo(tileM / 2, MR);
      else tileN = floorTo(tileN / 2, NR);
    }
    const tiles = tilesOf();

    gen = gen >= 0x7fffffff ? 1 : gen + 1;
    const high = BigInt(gen) << 32n;
    const { i32, f32, ticket } = control();
    Atomics.store(ticket, 0, high | TICKET_LOCKED);
    i32[JOB_M / 4] = M;
    i32[JOB_N / 4] = N;
    i32[JOB_K / 4] = K;
    i32[JOB_A / 4] = a;
    i32[JOB_A_M / 4] = aM;
    i32[JOB_A_K / 4] = aK;
    i32[JOB_B / 4] = b;
    i32[JOB_B_K / 4] = bK;
    i32[JOB_B_N / 4] = bN;
    i32[JOB_C / 4] = c;
    i32[JOB_LDC / 4] = ldc;
    i32[JOB_BIAS / 4] = bias;
    f32[JOB_SCALE / 4] = scale;
    i32[JOB_TILE_M / 4] = tileM;
    i32[JOB_TILE_N / 4] = tileN;
    i32[JOB_TILES_N / 4] = Math.ceil(N / tileN);
    i32[JOB_TILES / 4] = tiles;
    Atomics.store(i32, JOB_DONE / 4, 0);
    Atomics.store(ticket, 0, high);
    if (parallel) {
      Atomics.store(i32, JOB_WAKE / 4, gen);
      Atomics.notify(i32, JOB_WAKE / 4);
    }
    gemm.work(job, gen, scratchOf(0));
    for (let done = Atomics.load(i32, JOB_DONE / 4); done !== tiles; done = Atomics.load(i32, JOB_DONE / 4)) {
      if (blocking) Atomics.wait(i32, JOB_DONE / 4, done);
    }
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
      run(batch, nOut, nIn, pH, nIn, 1, pW, 1, nIn, pS, nOut, pBias, 1);
    },
    backward(g, d, w, shape) {
      checkShape(shape);
      const { batch, nIn, nOut } = shape;
      const pG = addressOf(g, batch * nIn, 'G');
      const pD = addressOf(d, batch * nOut, 'D');
      const pW = addressOf(w, nOut * nIn, 'W');
      noOverlap(g, batch * nIn, [d, batch * nOut], [w, nOut * nIn]);
      run(batch, nIn, nOut, pD, nOut, 1, pW, nIn, 1, pG, nIn, 0, 1);
    },
    weightGrad(gw, d, h, scale, shape) {
      checkShape(shape);
      const { batch, nIn, nOut } = shape;
      if (!Number.isFinite(scale)) throw new RangeError(`scale must be finite, got ${scale}`);
      const pGW = addressOf(gw, nOut * nIn, 'GW');
      const pD = addressOf(d, batch * nOut, 'D');
      const pH = addressOf(h, batch * nIn, 'H');
      noOverlap(gw, nOut * nIn, [d, batch * nOut], [h, batch * nIn]);
      run(nOut, nIn, batch, pD, 1, nOut, pH, nIn, 1, pGW, nIn, 0, scale);
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
      const { i32 } = control();
      Atomics.store(i32, JOB_QUIT / 4, 1);
      Atomics.add(i32, JOB_WAKE / 4, 1);
      Atomics.notify(i32, JOB_WAKE / 4);
      for (const w of workers) w.terminate();
    },
  };
}
