// The matrix-product kernels of the CPU engine (AssemblyScript → WebAssembly SIMD).
//
// One job computes C[M×N] (+)= scale · Σ_k A(m,k)·B(k,n) (+ bias[n]) for strided A and B, the one
// shape behind the engine's three products (src/cpu/kernels.ts maps them). C is cut into tiles that
// threads claim one at a time (work); a tile walks k in blocks of KC, packs its A block into MR-row
// panels and its B block into NR-column panels in the thread's scratch (contiguous, so the
// micro-kernel advances two pointers), and runs the MR×NR register-blocked micro-kernel over them.
// Every element of C is summed in k order, one product at a time, by the same instructions
// whatever tile, thread or edge it falls in, so the result does not depend on the tiling or the
// thread count. Edges are exact: the panels are zero past M and N, results there land in a
// scratch tile, and nothing is read or written outside the caller's matrices.
//
// A fill job writes the generator's values (src/sim/generator.ts, ported bit for bit: the same
// integer hash and float64 steps, with log and cos imported from JavaScript's own Math, so every
// value is the one the TypeScript generator gives).
//
// Built twice (build.mjs): plain SIMD, and with relaxed SIMD where f32x4.relaxed_madd may fuse.

import {
  FILL_NORMAL, JOB_A, JOB_A_K, JOB_A_M, JOB_B, JOB_BIAS, JOB_B_K, JOB_B_N, JOB_C, JOB_DONE, JOB_FILL_DIST,
  JOB_FILL_KEY, JOB_FILL_OFFSET, JOB_FILL_SCALE, JOB_K, JOB_KIND, JOB_LDC, JOB_M, JOB_N, JOB_QUIT, JOB_SCALE,
  JOB_TICKET, JOB_TILES, JOB_TILES_N, JOB_TILE_M, JOB_TILE_N, JOB_WAKE, KC, KIND_FILL, MR, NR,
  SCRATCH_EDGE_BIAS, SCRATCH_EDGE_C, SCRATCH_PACKED_A, SCRATCH_TILES,
} from '../src/cpu/job-layout';

// JavaScript's Math.log and Math.cos (src/cpu/wasm-module.ts MATH_IMPORTS): the generator's values
// depend on their last bits, so they are not reimplemented here.
// @ts-ignore: decorator
@external("env", "log") declare function jsLog(x: f64): f64;
// @ts-ignore: decorator
@external("env", "cos") declare function jsCos(x: f64): f64;

/** acc + a·b, fused when the relaxed build's engine fuses it. */
// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** First byte after the module's own data; the TypeScript arena starts above it. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * C[4×8] at c (row stride ldc bytes) = start + Σ_{k<kc} panelA[k]·panelB[k], then · scale.
 * start is C itself (fromC), the 8 floats at bias broadcast to every row, or zero (bias = 0).
 * panelA holds kc columns of 4 floats (rows of A), panelB kc rows of 8 floats (columns of B).
 */
function micro(
  pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, fromC: bool, bias: usize, scale: f32,
): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  if (fromC) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  } else if (bias != 0) {
    c00 = c10 = c20 = c30 = v128.load(bias);
    c01 = c11 = c21 = c31 = v128.load(bias, 16);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = f32x4.splat(0);
  }
  let a = pa;
  let b = pb;
  const end = pa + <usize>kc * MR * 4;
  while (a < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = madd(c00, x, b0);
    c01 = madd(c01, x, b1);
    x = v128.load32_splat(a, 4);
    c10 = madd(c10, x, b0);
    c11 = madd(c11, x, b1);
    x = v128.load32_splat(a, 8);
    c20 = madd(c20, x, b0);
    c21 = madd(c21, x, b1);
    x = v128.load32_splat(a, 12);
    c30 = madd(c30, x, b0);
    c31 = madd(c31, x, b1);
    a += MR * 4;
    b += NR * 4;
  }
  if (scale != 1) {
    const s = f32x4.splat(scale);
    c00 = f32x4.mul(c00, s); c01 = f32x4.mul(c01, s);
    c10 = f32x4.mul(c10, s); c11 = f32x4.mul(c11, s);
    c20 = f32x4.mul(c20, s); c21 = f32x4.mul(c21, s);
    c30 = f32x4.mul(c30, s); c31 = f32x4.mul(c31, s);
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** Transposes the 4×4 block whose rows are v0…v3 and stores its rows at dst + i·stride. */
// @ts-ignore: decorator
@inline function storeTransposed(dst: usize, stride: usize, v0: v128, v1: v128, v2: v128, v3: v128): void {
  const s0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const s1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const s2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const s3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(s0, s2, 0, 1, 4, 5));
  v128.store(dst + stride, i32x4.shuffle(s0, s2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, i32x4.shuffle(s1, s3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, i32x4.shuffle(s1, s3, 2, 3, 6, 7));
}

/**
 * Packs B(k0 … k0+kc−1, n0 … n1−1) into panels of NR columns at dst: panel p, row k holds
 * B(k0+k, n0+p·NR+lane) for lane < NR, zero past n1. Fast paths for B contiguous along n
 * (rows copied as vectors) and along k (4×4 transposes); anything else element by element.
 */
function packB(b: usize, bK: usize, bN: usize, k0: i32, kc: i32, n0: i32, n1: i32, dst: usize): void {
  for (let n = n0; n < n1; n += NR) {
    const cols = min(NR, n1 - n);
    const panel = dst + <usize>((n - n0) * kc) * 4;
    let k = 0;
    if (cols == NR && bN == 1) {
      let src = b + (<usize>k0 * bK + <usize>n) * 4;
      for (; k < kc; k++) {
        v128.store(panel + <usize>k * NR * 4, v128.load(src));
        v128.store(panel + <usize>k * NR * 4, v128.load(src, 16), 16);
        src += bK * 4;
      }
    } else if (cols == NR && bK == 1) {
      const row = b + (<usize>n * bN + <usize>k0) * 4;
      const step = bN * 4;
      for (; k + 4 <= kc; k += 4) {
        const src = row + <usize>k * 4;
        const out = panel + <usize>k * NR * 4;
        storeTransposed(out, NR * 4, v128.load(src), v128.load(src + step), v128.load(src + 2 * step), v128.load(src + 3 * step));
        const src4 = src + 4 * step;
        storeTransposed(out + 16, NR * 4, v128.load(src4), v128.load(src4 + step), v128.load(src4 + 2 * step), v128.load(src4 + 3 * step));
      }
    }
    for (; k < kc; k++) {
      const out = panel + <usize>k * NR * 4;
      const src = b + (<usize>(k0 + k) * bK + <usize>n * bN) * 4;
      for (let j = 0; j < NR; j++) {
        store<f32>(out + <usize>j * 4, j < cols ? load<f32>(src + <usize>j * bN * 4) : 0);
      }
    }
  }
}

/**
 * Packs A(m0 … m1−1, k0 … k0+kc−1) into panels of MR rows at dst: panel p, column k holds
 * A(m0+p·MR+r, k0+k) for r < MR, zero past m1. Fast paths for A contiguous along m (vector
 * copies) and along k (4×4 transposes); anything else element by element.
 */
function packA(a: usize, aM: usize, aK: usize, k0: i32, kc: i32, m0: i32, m1: i32, dst: usize): void {
  for (let m = m0; m < m1; m += MR) {
    const rows = min(MR, m1 - m);
    const panel = dst + <usize>((m - m0) * kc) * 4;
    let k = 0;
    if (rows == MR && aM == 1) {
      let src = a + (<usize>m + <usize>k0 * aK) * 4;
      for (; k < kc; k++) {
        v128.store(panel + <usize>k * MR * 4, v128.load(src));
        src += aK * 4;
      }
    } else if (rows == MR && aK == 1) {
      const row = a + (<usize>m * aM + <usize>k0) * 4;
      const step = aM * 4;
      for (; k + 4 <= kc; k += 4) {
        const src = row + <usize>k * 4;
        storeTransposed(panel + <usize>k * MR * 4, MR * 4, v128.load(src), v128.load(src + step), v128.load(src + 2 * step), v128.load(src + 3 * step));
      }
    }
    for (; k < kc; k++) {
      const out = panel + <usize>k * MR * 4;
      const src = a + (<usize>m * aM + <usize>(k0 + k) * aK) * 4;
      for (let r = 0; r < MR; r++) store<f32>(out + <usize>r * 4, r < rows ? load<f32>(src + <usize>r * aM * 4) : 0);
    }
  }
}

/** Copies rows × cols floats between two row-major blocks (strides in bytes). */
function copyBlock(src: usize, srcStride: usize, dst: usize, dstStride: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) store<f32>(dst + <usize>j * 4, load<f32>(src + <usize>j * 4));
    src += srcStride;
    dst += dstStride;
  }
}

/** lowbias32 (src/sim/generator.ts hash32). */
// @ts-ignore: decorator
@inline function hash32(v: u32): u32 {
  let x = v;
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

/** uniform01: (top 23 bits + 0.5)·2^−23 of bits(key, index), exact in float64. */
// @ts-ignore: decorator
@inline function unit(key: u32, index: u32): f64 {
  return (<f64>(hash32(hash32(index) + key) >> 9) + 0.5) * (1.0 / 8388608.0);
}

const TWO_PI: f64 = 2 * Math.PI;

/** Tile t of a fill: fillNormal's std·√(−2 ln u₁)·cos(2π u₂) or fillUniform's (2u − 1)·limit, rounded to float32. */
function fillTile(job: usize, t: i32): void {
  const count = load<i32>(job, JOB_N);
  const chunk = load<i32>(job, JOB_TILE_N);
  const out = load<usize>(job, JOB_C);
  const key = load<u32>(job, JOB_FILL_KEY);
  const offset = load<u32>(job, JOB_FILL_OFFSET);
  const scale = load<f64>(job, JOB_FILL_SCALE);
  const normal = load<i32>(job, JOB_FILL_DIST) == FILL_NORMAL;
  const end = min(count, (t + 1) * chunk);
  for (let i = t * chunk; i < end; i++) {
    const index = offset + <u32>i;
    let v: f64;
    if (normal) v = scale * (Math.sqrt(-2 * jsLog(unit(key, 2 * index))) * jsCos(TWO_PI * unit(key, 2 * index + 1)));
    else v = (2 * unit(key, index) - 1) * scale;
    store<f32>(out + <usize>i * 4, <f32>v);
  }
}

/** Computes tile t of the job at `job` with the thread's scratch. */
function tile(job: usize, t: i32, scratch: usize): void {
  if (load<i32>(job, JOB_KIND) == KIND_FILL) {
    fillTile(job, t);
    return;
  }
  const M = load<i32>(job, JOB_M);
  const N = load<i32>(job, JOB_N);
  const K = load<i32>(job, JOB_K);
  const a = load<usize>(job, JOB_A);
  const aM = load<usize>(job, JOB_A_M);
  const aK = load<usize>(job, JOB_A_K);
  const b = load<usize>(job, JOB_B);
  const bK = load<usize>(job, JOB_B_K);
  const bN = load<usize>(job, JOB_B_N);
  const c = load<usize>(job, JOB_C);
  const ldc = load<usize>(job, JOB_LDC) * 4;
  const bias = load<usize>(job, JOB_BIAS);
  const scale = load<f32>(job, JOB_SCALE);
  const tileM = load<i32>(job, JOB_TILE_M);
  const tileN = load<i32>(job, JOB_TILE_N);
  const tilesN = load<i32>(job, JOB_TILES_N);

  const m0 = (t / tilesN) * tileM;
  const m1 = min(M, m0 + tileM);
  const n0 = (t % tilesN) * tileN;
  const n1 = min(N, n0 + tileN);
  const packedB = scratch;
  const packedA = scratch + SCRATCH_PACKED_A;
  const edgeC = scratch + SCRATCH_EDGE_C;
  const edgeBias = scratch + SCRATCH_EDGE_BIAS;

  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const first = k0 == 0;
    const s: f32 = k0 + kc == K ? scale : 1;
    packA(a, aM, aK, k0, kc, m0, m1, packedA);
    packB(b, bK, bN, k0, kc, n0, n1, packedB);
    for (let n = n0; n < n1; n += NR) {
      const cols = min(NR, n1 - n);
      const pb = packedB + <usize>((n - n0) * kc) * 4;
      let start: usize = 0;
      if (first && bias != 0) {
        if (cols == NR) start = bias + <usize>n * 4;
        else {
          for (let j = 0; j < NR; j++) store<f32>(edgeBias + <usize>j * 4, j < cols ? load<f32>(bias + <usize>(n + j) * 4) : 0);
          start = edgeBias;
        }
      }
      for (let m = m0; m < m1; m += MR) {
        const rows = min(MR, m1 - m);
        const pa = packedA + <usize>((m - m0) * kc) * 4;
        const cTile = c + <usize>m * ldc + <usize>n * 4;
        if (rows == MR && cols == NR) {
          micro(pa, pb, kc, cTile, ldc, !first, start, s);
        } else {
          if (!first) copyBlock(cTile, ldc, edgeC, NR * 4, rows, cols);
          micro(pa, pb, kc, edgeC, NR * 4, !first, start, s);
          copyBlock(edgeC, NR * 4, cTile, ldc, rows, cols);
        }
      }
    }
  }
}

/**
 * Claims and computes tiles of generation `gen` of the job until none is left. A thread that
 * arrives after the job moved on finds another generation in the ticket and returns; the one that
 * finishes the last tile wakes the caller waiting on JOB_DONE.
 */
export function work(job: usize, gen: i32, scratch: usize): void {
  while (true) {
    const ticket = atomic.load<i64>(job, JOB_TICKET);
    if (<i32>(ticket >>> 32) != gen) return;
    const tiles = atomic.load<i32>(job, JOB_TILES);
    const t = <i32>ticket;
    if (t >= tiles) return;
    if (atomic.cmpxchg<i64>(job, ticket, ticket + 1, JOB_TICKET) != ticket) continue;
    tile(job, t, scratch);
    store<i32>(scratch, load<i32>(scratch, SCRATCH_TILES) + 1, SCRATCH_TILES);
    if (atomic.add<i32>(job, 1, JOB_DONE) + 1 == tiles) atomic.notify(job + JOB_DONE);
  }
}

/**
 * A worker thread's whole life: sleep on JOB_WAKE, work on each generation it is woken for, return
 * when JOB_QUIT is set. Waiting here rather than in JavaScript keeps the worker's script a few lines.
 */
export function serve(job: usize, scratch: usize): void {
  let seen = atomic.load<i32>(job, JOB_WAKE);
  while (true) {
    atomic.wait<i32>(job + JOB_WAKE, seen);
    if (atomic.load<i32>(job, JOB_QUIT) != 0) return;
    const gen = atomic.load<i32>(job, JOB_WAKE);
    if (gen == seen) continue;
    seen = gen;
    work(job, gen, scratch);
  }
}
