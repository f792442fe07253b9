/**
 * Exact power-of-two rescaling, the way both engines carry δ at any depth.
 *
 * The backward recurrence δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l) is linear in δ, so the engines store
 * δ̃_l = δ_l · 2^−E_l and carry the integer E_l: before layer l's matmul each δ̃_{l+1} is multiplied by
 * 2^−k, k the binary exponent of max |δ̃_{l+1}|, and E_l = E_{l+1} + k. Multiplying by a power of two
 * is exact in floating point, the largest rescaled entry is in [1, 4), and δ̃ never nears float32's
 * subnormal range, so the engines agree whatever an adapter does with subnormals. k is read from the
 * float32 bits of the maximum (the GPU reduces it with an atomicMax of those bits: for non-negative
 * floats their IEEE order is the u32 order), an integer both engines get alike.
 *
 * A positively homogeneous activation (f(c·s) = c·f(s) for c > 0) without biases lets the forward
 * pass be rescaled the same way (s_l = s̃_l · 2^F_l), since then f′ is scale-invariant.
 * The WGSL side of these helpers is shaders/exponent.wgsl.
 */
import { POSITIVELY_HOMOGENEOUS } from './activations';

/** |k| at most this, so 2^−k is a normal float32 (2^±126). */
export const SCALE_EXP_MAX = 126;
/** The exponent of float32's smallest normal number, 2^−126 ≈ 1.18e−38. */
export const FLOAT32_MIN_NORMAL_EXP = -126;
export const FLOAT32_MIN_NORMAL = 2 ** FLOAT32_MIN_NORMAL_EXP;
export const LOG10_2 = Math.log10(2);

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The IEEE bits of x rounded to float32. */
export function float32Bits(x: number): number {
  f32[0] = x;
  return u32[0];
}

/** The largest |x| of a float32 array as bits (NaN sorts above Inf, as in the GPU's atomicMax). */
export function maxAbsBits(a: Float32Array): number {
  const bits = new Uint32Array(a.buffer, a.byteOffset, a.length);
  let m = 0;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i] & 0x7fffffff;
    if (b > m) m = b;
  }
  return m;
}

/** The biased exponent field of a float32's bits. */
const exponentField = (bits: number): number => (bits >>> 23) & 0xff;

/**
 * k for a layer whose max |x| has these bits: the unbiased binary exponent, clamped to ±126; 0 for
 * 0, subnormals, Inf and NaN (no rescaling: non-finite values then propagate as they are).
 */
export function scaleExponent(maxBits: number): number {
  const field = exponentField(maxBits);
  if (field === 0 || field === 0xff) return 0;
  return Math.min(SCALE_EXP_MAX, Math.max(-SCALE_EXP_MAX, field - 127));
}

/** Multiplies a float32 array by 2^−k in place (exact). */
export function rescale(a: Float32Array, k: number): void {
  if (k === 0) return;
  const s = 2 ** -k;
  for (let i = 0; i < a.length; i++) a[i] *= s;
}

/**
 * x · 2^e in float32, in steps of at most 2^±126 (each factor a normal float32), as mul_pow2 in
 * exponent.wgsl. Results below float32's normal range may differ between engines; callers only add
 * them to numbers of order 1.
 */
export function mulPow2F32(x: number, e: number): number {
  let y = Math.fround(x);
  let r = Math.min(400, Math.max(-400, e));
  while (r > SCALE_EXP_MAX || r < -SCALE_EXP_MAX) {
    const step = r > 0 ? SCALE_EXP_MAX : -SCALE_EXP_MAX;
    y = Math.fround(y * 2 ** step);
    r -= step;
  }
  return Math.fround(y * 2 ** r);
}

/** x · 2^e in float64 without an intermediate overflow (0 or ±Infinity where float64 cannot hold it). */
export function scaleByPow2(x: number, e: number): number {
  if (x === 0 || !Number.isFinite(x) || e === 0) return x;
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}

/** log10(x · 2^e) for x ≥ 0: −Infinity at 0, NaN for NaN, Infinity for Infinity. */
export function log10Pow2(x: number, e: number): number {
  return Math.log10(x) + e * LOG10_2;
}

/** The binary exponent of a positive float32 value (exact, subnormals included); −Infinity at 0. */
export function float32Exponent(x: number): number {
  if (x === 0) return -Infinity;
  const bits = float32Bits(Math.abs(x));
  const field = exponentField(bits);
  if (field !== 0) return field - 127;
  // Subnormal: 2^−149 times the mantissa.
  return -149 + Math.floor(Math.log2(bits & 0x7fffff));
}

/**
 * Whether a run's forward pass is rescaled too: its activation and its backward derivative are
 * positively homogeneous (names from the activation registry) and there are no biases. Otherwise the
 * forward pass is plain float32, and its overflow or underflow is a reported result.
 */
export function rescalesForward(activation: string, backward: string, sigmaB2: number): boolean {
  return sigmaB2 === 0 && POSITIVELY_HOMOGENEOUS.has(activation) && POSITIVELY_HOMOGENEOUS.has(backward);
}
