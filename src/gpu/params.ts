/**
 * The per-dispatch uniform shared by every kernel (one 256-byte slot per dispatch in a uniform
 * buffer bound with a dynamic offset), plus the constants the WGSL and the host must agree on.
 */
import { FPRIME_BINS, FPRIME_LOG_MAX, FPRIME_LOG_MIN } from '../sim/stats';
import { defineUniformStruct } from './uniforms';

export const LayerParams = defineUniformStruct('Params', [
  ['nIn', 'u32'], ['nOut', 'u32'], ['batch', 'u32'], ['slot', 'u32'],
  ['actKind', 'u32'], ['actP', 'f32'], ['dfKind', 'u32'], ['dfP', 'f32'],
  // Weights: stored (WDIST_STORED, at wOffset floats into the bound chunk) or regenerated from (wKey, wDist, wScale).
  ['wDist', 'u32'], ['wKey', 'u32'], ['wScale', 'f32'], ['wOffset', 'u32'],
  ['bKey', 'u32'], ['bStd', 'f32'], ['sOffset', 'u32'], ['inMode', 'u32'],
  // inOffset: float offset of the "below" activations (weight_grad) or output offset (generate).
  ['inOffset', 'u32'], ['count', 'u32'], ['genOffset', 'u32'], ['numGroups', 'u32'],
  ['detailOffset', 'u32'], ['histOffset', 'u32'], ['details', 'u32'], ['resultOffset', 'u32'],
  ['phase', 'u32'], ['statsGroups', 'u32'], ['wgradGroups', 'u32'], ['hasWgrad', 'u32'],
  ['topMode', 'u32'], ['topKey', 'u32'],
] as const);
export type LayerParamsValues = Parameters<typeof LayerParams.pack>[2];

/** Dynamic uniform offsets must be multiples of minUniformBufferOffsetAlignment (256 on every adapter). */
export const PARAMS_SLOT = 256;

/** Weight distribution ids (generator.wgsl DIST_*); WDIST_STORED means "read the stored buffer". */
export const DIST_ZEROS = 0;
export const DIST_NORMAL = 1;
export const DIST_UNIFORM = 2;
export const WDIST_STORED = 3;
/** generate.wgsl: write raw generator bits instead of a value (used by the generator parity test). */
export const DIST_BITS = 4;

/** Workgroups of the statistics kernels per layer at most (and threads of the reduce kernel). */
export const MAX_STAT_GROUPS = 64;
export const STATS_WG = 64;
/** Words in one statistics record (scaled_sum.wgsl REC_WORDS). */
export const REC_WORDS = 16;
/** Record fields (words); floats are stored as their bits. */
export const REC = {
  preactScale: 0, preactSsq: 1, preactSum: 2, actScale: 3, actSsq: 4, forwardNonFinite: 5, zeroCount: 6, deadCount: 7,
  deltaScale: 8, deltaSsq: 9, deltaInf: 10, deltaNan: 11, sumAbsFprime: 12, fprimeZeroCount: 13, wgradScale: 14, wgradSsq: 15,
} as const;

/** Matmul tiling (forward/backward/weight_grad): 8×8 invocations, each 2 rows × 4 columns of outputs. */
export const TILE = { wgX: 8, wgY: 8, rm: 2, rn: 4, tk: 16 } as const;
export const TILE_M = TILE.wgY * TILE.rm;
export const TILE_N = TILE.wgX * TILE.rn;

/** Constants every kernel sees, generated from the TypeScript definitions. */
export function sharedWgslConstants(): string {
  return [
    `const FPRIME_BINS: u32 = ${FPRIME_BINS}u;`,
    `const FPRIME_LOG_MIN: f32 = ${FPRIME_LOG_MIN.toFixed(6)};`,
    `const FPRIME_LOG_MAX: f32 = ${FPRIME_LOG_MAX.toFixed(6)};`,
    `const WDIST_STORED: u32 = ${WDIST_STORED}u;`,
    `const DIST_BITS: u32 = ${DIST_BITS}u;`,
    `const MAX_STAT_GROUPS: u32 = ${MAX_STAT_GROUPS}u;`,
    `const REC_WORDS: u32 = ${REC_WORDS}u;`,
    ...Object.entries(REC).map(([k, v]) => `const REC_${k.toUpperCase()}: u32 = ${v}u;`),
    '',
  ].join('\n');
}
