/**
 * Byte offsets of the job descriptor that the TypeScript dispatcher writes into shared memory and
 * the WebAssembly kernels read (wasm/gemm.ts imports this file too: plain integer constants are
 * valid in both languages, so the layout is declared once).
 *
 * A job of kind JOB_PRODUCT is one product C[M×N] = scale·(bias[n] + Σ_k A(m,k)·B(k,n)) with
 * A(m,k) = a[m·aM + k·aK] and B(k,n) = b[k·bK + n·bN] (strides in floats), C row-major with row
 * stride ldc; it is cut into tiles of TILE_M rows × TILE_N columns that the threads take one at a
 * time. A job of kind JOB_FILL fills the N floats at C with the generator's values (src/sim/generator.ts)
 * in tiles of TILE_N. The scratch layout at the end is per thread.
 */

/** i64: (generation << 32) | next tile index; a thread claims a tile by compare-exchange. */
export const JOB_TICKET = 0;
/** i32: tiles finished in this generation; the caller waits for it to reach JOB_TILES. */
export const JOB_DONE = 8;
/** i32: the generation the workers wait on (Atomics.wait) and wake for. */
export const JOB_WAKE = 12;
/** i32: set to 1 to make the workers return. */
export const JOB_QUIT = 16;
export const JOB_M = 20;
export const JOB_N = 24;
export const JOB_K = 28;
export const JOB_A = 32;
export const JOB_A_M = 36;
export const JOB_A_K = 40;
export const JOB_B = 44;
export const JOB_B_K = 48;
export const JOB_B_N = 52;
export const JOB_C = 56;
export const JOB_LDC = 60;
/** Byte address of the bias (one value per column n), or 0 for none. */
export const JOB_BIAS = 64;
/** f32 factor applied to the finished sums (1 for none). */
export const JOB_SCALE = 68;
export const JOB_TILE_M = 72;
export const JOB_TILE_N = 76;
/** Tiles along N; tile t covers row block t / JOB_TILES_N and column block t % JOB_TILES_N. */
export const JOB_TILES_N = 80;
export const JOB_TILES = 84;
/** i32: set to 1 by a worker whose kernels trapped, so that the caller throws instead of waiting. */
export const JOB_FAILED = 88;
/** i32: what the job is. */
export const JOB_KIND = 92;
export const KIND_PRODUCT = 0;
export const KIND_FILL = 1;
/** A fill: u32 stream key, u32 counter of the first value, i32 distribution, f64 std or limit. */
export const JOB_FILL_KEY = 96;
export const JOB_FILL_OFFSET = 100;
export const JOB_FILL_DIST = 104;
export const FILL_NORMAL = 0;
export const FILL_UNIFORM = 1;
export const JOB_FILL_SCALE = 112;
/** Bytes of the descriptor (a multiple of the 64-byte cache line). */
export const JOB_BYTES = 128;

/** Register block of the micro-kernel: rows of C and columns of C (two f32x4 vectors). */
export const MR = 4;
export const NR = 8;
/** Depth of one pass over k: a packed B block is KC × TILE_N floats. */
export const KC = 256;
/** Widest column tile; each thread's scratch holds one packed B block of KC × NC_MAX floats. */
export const NC_MAX = 256;
/** Tallest row tile; the packed A block (MC_MAX × KC floats) stays in the L2 cache with B's. */
export const MC_MAX = 128;

/** One thread's scratch, byte offsets: the packed B block at 0, then the packed A block, … */
export const SCRATCH_PACKED_A = KC * NC_MAX * 4;
/** … a C tile for edges, … */
export const SCRATCH_EDGE_C = SCRATCH_PACKED_A + MC_MAX * KC * 4;
/** … a bias row for edges, … */
export const SCRATCH_EDGE_BIAS = SCRATCH_EDGE_C + MR * NR * 4;
/** … an i32 count of the tiles this thread computed (for info), … */
export const SCRATCH_TILES = SCRATCH_EDGE_BIAS + NR * 4;
/** … and its size, a multiple of 64 bytes. */
export const SCRATCH_BYTES = SCRATCH_EDGE_C + 256;
