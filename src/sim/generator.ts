/**
 * Counter-based random generator shared bit for bit with shaders/generator.wgsl.
 *
 * Every value is a pure function of (seed, stream, layer, index), so any single weight, input or
 * target can be produced on its own: the CPU engine and the WebGPU kernels generate the same
 * network without uploading it. The mixer is Chris Wellons' "lowbias32" integer hash; all
 * arithmetic is 32-bit unsigned (Math.imul / >>> 0 here, u32 wrap-around in WGSL).
 */

/** What a random value is for: each stream is an independent sequence. */
export const Stream = {
  input: 0,
  weight: 1,
  bias: 2,
  topDelta: 3,
  target: 4,
  orthogonal: 5,
  task: 6,
  taskWeight: 7,
} as const;
export type StreamId = (typeof Stream)[keyof typeof Stream];

/** lowbias32: a bijective 32-bit hash with good avalanche (Wellons, "Prospecting for Hash Functions"). */
export function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/** The per-(seed, stream, layer) key; the host computes it once and kernels receive it as a uniform. */
export function streamKey(seed: number, stream: number, layer: number): number {
  return hash32((hash32((hash32(seed >>> 0) + stream) >>> 0) + layer) >>> 0);
}

/** Raw 32 random bits for counter `index` under `key`. */
export function bits(key: number, index: number): number {
  return hash32((hash32(index >>> 0) + key) >>> 0);
}

const TWO_POW_M23 = 1 / 8388608;

/**
 * Uniform in the open interval (0, 1) from the top 23 bits: (k + 0.5)·2^−23 needs 24 significant
 * bits, so it is exact in float32 and the GPU computes the very same value.
 */
export function unitFromBits(b: number): number {
  return ((b >>> 9) + 0.5) * TWO_POW_M23;
}

export function uniform01(key: number, index: number): number {
  return unitFromBits(bits(key, index));
}

/** Uniform in (-limit, limit). */
export function uniformSym(key: number, index: number, limit: number): number {
  return (2 * uniform01(key, index) - 1) * limit;
}

/** Standard normal by Box–Muller from counters 2·index and 2·index + 1. */
export function normal(key: number, index: number): number {
  const u1 = uniform01(key, 2 * index);
  const u2 = uniform01(key, 2 * index + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Fills `out` with N(0, std²) values for counters offset .. offset + out.length − 1. */
export function fillNormal(out: Float32Array, key: number, std: number, offset = 0): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = std * normal(key, offset + i);
  return out;
}

export function fillUniform(out: Float32Array, key: number, limit: number, offset = 0): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = uniformSym(key, offset + i, limit);
  return out;
}

/** Which of the two fills, with its scale (the normal's std, the uniform's limit) and first counter. */
export interface FillSpec {
  dist: 'normal' | 'uniform';
  key: number;
  scale: number;
  offset?: number;
}

/** Something that fills `out` as fillValues does: fillValues itself, or a CPU backend's `fill` (src/sim/backend.ts). */
export type Fill = (out: Float32Array, spec: FillSpec) => void;

/** fillNormal or fillUniform as `spec` says (the CPU engines' `fill`, src/sim/backend.ts). */
export function fillValues(out: Float32Array, { dist, key, scale, offset = 0 }: FillSpec): Float32Array {
  return dist === 'normal' ? fillNormal(out, key, scale, offset) : fillUniform(out, key, scale, offset);
}
