/**
 * Hands one job at a time (a product, or a fill with the generator's values) to the kernels through the job descriptor in shared memory
 * (src/cpu/job-layout.ts): the caller writes the job, wakes the workers (Atomics.notify on the
 * wake word, only for products large enough to share), computes tiles itself and waits for the
 * last one. No message is posted per product.
 *
 * Publishing a job: the ticket first gets the new generation with its tile index locked, then the
 * fields are written, then the ticket is released at tile 0. A worker that was late for an earlier
 * job sees another generation in the ticket and claims nothing, so it never mixes two jobs' fields.
 */
import {
  FILL_NORMAL, FILL_UNIFORM, JOB_A, JOB_A_K, JOB_A_M, JOB_B, JOB_BIAS, JOB_BYTES, JOB_B_K, JOB_B_N, JOB_C, JOB_DONE,
  JOB_FAILED, JOB_FILL_DIST, JOB_FILL_KEY, JOB_FILL_OFFSET, JOB_FILL_SCALE, JOB_K, JOB_KIND, JOB_LDC, JOB_M, JOB_N,
  JOB_QUIT, JOB_SCALE, JOB_TICKET, JOB_TILES, JOB_TILES_N, JOB_TILE_M, JOB_TILE_N, JOB_WAKE, KIND_FILL, KIND_PRODUCT,
  MC_MAX, MR, NC_MAX, NR,
} from './job-layout';
import type { GemmExports } from './wasm-module';

/** C[M×N] = scale·Σ_k A(m,k)·B(k,n) (+ bias[n]); addresses in bytes (bias 0: none), strides in floats. */
export interface Product {
  M: number;
  N: number;
  K: number;
  a: number;
  aM: number;
  aK: number;
  b: number;
  bK: number;
  bN: number;
  c: number;
  ldc: number;
  bias: number;
  scale: number;
}

/** out[i] = the generator's value for counter offset + i under key: N(0, scale²) or uniform in (−scale, scale). */
export interface Fill {
  /** Byte address of the first float; count floats. */
  out: number;
  count: number;
  dist: 'normal' | 'uniform';
  key: number;
  offset: number;
  scale: number;
}

/** Where each integer field of a product goes in the descriptor. */
const INT_FIELDS: [number, Exclude<keyof Product, 'scale'>][] = [
  [JOB_M, 'M'], [JOB_N, 'N'], [JOB_K, 'K'], [JOB_A, 'a'], [JOB_A_M, 'aM'], [JOB_A_K, 'aK'],
  [JOB_B, 'b'], [JOB_B_K, 'bK'], [JOB_B_N, 'bN'], [JOB_C, 'c'], [JOB_LDC, 'ldc'], [JOB_BIAS, 'bias'],
];

/** Below this many flops a product runs on the caller alone: waking workers costs more. */
const PARALLEL_MIN_FLOPS = 2 ** 21;
/** The same for a fill (each value costs a log and a cos, some 50 flops' time). */
const PARALLEL_MIN_VALUES = 2 ** 14;
/** Values per fill tile, at least. */
const FILL_TILE_MIN = 2048;
/** Tiles per thread to aim for, so that a thread slowed down (a shared machine) is made up for. */
const TILES_PER_THREAD = 4;
/** The ticket's tile index while a job is being written: no thread can claim a tile. */
const TICKET_LOCKED = 0x7fffffffn;

/** Largest multiple of `step` ≤ x, at least `step`. */
function floorTo(x: number, step: number): number {
  return Math.max(step, Math.floor(x / step) * step);
}

/**
 * Tiles as large as the scratch and the caches allow, halved until each of `threads` has a few.
 * Any tiling gives the same result, so this is free to depend on the thread count.
 */
export function tiling(M: number, N: number, threads: number): { tileM: number; tileN: number } {
  let tileM = Math.min(MC_MAX, floorTo(M + MR - 1, MR));
  let tileN = Math.min(NC_MAX, floorTo(N + NR - 1, NR));
  const tiles = (): number => Math.ceil(M / tileM) * Math.ceil(N / tileN);
  while (threads > 1 && tiles() < TILES_PER_THREAD * threads && (tileM > 4 * MR || tileN > 4 * NR)) {
    if (tileM >= tileN && tileM > 4 * MR) tileM = floorTo(tileM / 2, MR);
    else tileN = floorTo(tileN / 2, NR);
  }
  return { tileM, tileN };
}

export class Dispatcher {
  private gen = 0;
  private broken: string | null = null;
  private views: { buffer: ArrayBufferLike; i32: Int32Array; u32: Uint32Array; f32: Float32Array; f64: Float64Array; ticket: BigInt64Array } | null = null;
  private readonly blocking: boolean;

  /**
   * @param memory the kernels' memory; `job` the descriptor's address, `scratch` the caller's
   * @param threads the caller and its workers (which wait on the descriptor's wake word)
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly gemm: GemmExports,
    private readonly job: number,
    private readonly scratch: number,
    private readonly threads: number,
  ) {
    this.blocking = canBlock(this.control().i32);
  }

  run(p: Product): void {
    const parallel = this.threads > 1 && 2 * p.M * p.N * p.K >= PARALLEL_MIN_FLOPS;
    const { tileM, tileN } = tiling(p.M, p.N, parallel ? this.threads : 1);
    const tilesN = Math.ceil(p.N / tileN);
    this.dispatch(parallel, Math.ceil(p.M / tileM) * tilesN, ({ i32, f32 }) => {
      i32[JOB_KIND / 4] = KIND_PRODUCT;
      for (const [offset, key] of INT_FIELDS) i32[offset / 4] = p[key];
      f32[JOB_SCALE / 4] = p.scale;
      i32[JOB_TILE_M / 4] = tileM;
      i32[JOB_TILE_N / 4] = tileN;
      i32[JOB_TILES_N / 4] = tilesN;
    });
  }

  fill(f: Fill): void {
    const parallel = this.threads > 1 && f.count >= PARALLEL_MIN_VALUES;
    const chunk = Math.max(FILL_TILE_MIN, Math.ceil(f.count / ((parallel ? this.threads : 1) * TILES_PER_THREAD)));
    this.dispatch(parallel, Math.ceil(f.count / chunk), ({ i32, u32, f64 }) => {
      i32[JOB_KIND / 4] = KIND_FILL;
      i32[JOB_C / 4] = f.out;
      i32[JOB_N / 4] = f.count;
      i32[JOB_TILE_N / 4] = chunk;
      u32[JOB_FILL_KEY / 4] = f.key;
      u32[JOB_FILL_OFFSET / 4] = f.offset;
      i32[JOB_FILL_DIST / 4] = f.dist === 'normal' ? FILL_NORMAL : FILL_UNIFORM;
      f64[JOB_FILL_SCALE / 8] = f.scale;
    });
  }

  /** Publishes a job of `tiles` tiles whose fields `write` sets, computes with the workers (`parallel`) and waits for the last tile. */
  private dispatch(parallel: boolean, tiles: number, write: (views: NonNullable<Dispatcher['views']>) => void): void {
    // After a trap, tiles of the failed job may still be in flight: nothing runs any more.
    if (this.broken) throw new Error(`these CPU kernels stopped: ${this.broken}`);
    this.gen = this.gen >= 0x7fffffff ? 1 : this.gen + 1;
    const gen = this.gen;
    const high = BigInt(gen) << 32n;
    const views = this.control();
    const { i32, ticket } = views;
    const at = (offset: number): number => offset / 4;

    Atomics.store(ticket, 0, high | TICKET_LOCKED);
    write(views);
    i32[at(JOB_TILES)] = tiles;
    Atomics.store(i32, at(JOB_DONE), 0);
    Atomics.store(ticket, 0, high);
    if (parallel) {
      Atomics.store(i32, at(JOB_WAKE), gen);
      Atomics.notify(i32, at(JOB_WAKE));
    }
    try {
      this.gemm.work(this.job, gen, this.scratch);
    } catch (err) {
      this.broken = `the kernels trapped on this thread (${(err as Error).message})`;
      throw err;
    }
    // A page's main thread may not block: it spins on the few tiles still in other hands.
    for (let done = Atomics.load(i32, at(JOB_DONE)); done !== tiles; done = Atomics.load(i32, at(JOB_DONE))) {
      if (Atomics.load(i32, at(JOB_FAILED)) !== 0) {
        this.broken = 'a worker thread of the kernels trapped';
        throw new Error(this.broken);
      }
      if (this.blocking) Atomics.wait(i32, at(JOB_DONE), done);
    }
  }

  /** Makes the workers return from their wait (they are ended by the pool afterwards). */
  stopWorkers(): void {
    const { i32 } = this.control();
    Atomics.store(i32, JOB_QUIT / 4, 1);
    Atomics.add(i32, JOB_WAKE / 4, 1);
    Atomics.notify(i32, JOB_WAKE / 4);
  }

  /** Views of the descriptor; an unshared memory replaces its buffer when it grows, a shared one's stay valid. */
  private control(): NonNullable<Dispatcher['views']> {
    const buffer = this.memory.buffer;
    if (!this.views || this.views.buffer !== buffer) {
      this.views = {
        buffer,
        i32: new Int32Array(buffer, this.job, JOB_BYTES / 4),
        u32: new Uint32Array(buffer, this.job, JOB_BYTES / 4),
        f32: new Float32Array(buffer, this.job, JOB_BYTES / 4),
        f64: new Float64Array(buffer, this.job, JOB_BYTES / 8),
        ticket: new BigInt64Array(buffer, this.job + JOB_TICKET, 1),
      };
    }
    return this.views;
  }
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
