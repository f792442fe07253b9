/**
 * The float64 forms of the smooth activations and their derivatives, written so that no step
 * cancels, overflows or underflows before the true value does: no 1 − σ, no 1 − tanh², no
 * 1 + tanh(u) for u < 0 (each is exactly 0 in float64 far out, where the true value is ~1e-17 or
 * smaller). The float32 WGSL forms in activation-wgsl.ts follow the same algebra.
 */

export const SELU_ALPHA = 1.6732632423543772;
export const SELU_LAMBDA = 1.0507009873554805;

/**
 * GELU, tanh approximation (Hendrycks & Gimpel 2016): 0.5·x·(1 + tanh u), u = √(2/π)(x + 0.044715x³).
 * Since 0.5(1 + tanh u) = σ(2u), it is x·σ(v) with v = 2u = A·x + B·x³.
 */
export const GELU_A = Math.sqrt(8 / Math.PI);
export const GELU_B = GELU_A * 0.044715;

/** Beyond ±40, GELU is x or 0 and GELU′ is 1 or 0 in float64; clamping keeps x³ finite. */
const GELU_CLAMP = 40;

/** σ(x) = 1/(1 + e^−x) for x ≥ 0 and e^x/(1 + e^x) below: e^x never overflows. */
export function sigmoid(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** σ′ = σ(x)σ(−x) = e/(1 + e)² with e = e^−|x|. */
export function sigmoidDf(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
}

/** ln(1 + eˣ) = max(x, 0) + log1p(e^−|x|). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** tanh′ = sech² = 4e/(1 + e)² with e = e^−2|x|. */
export function tanhDf(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  return (4 * e) / ((1 + e) * (1 + e));
}

/** x·σ(x). */
export function swish(x: number): number {
  if (x >= 0) return x / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return (x * e) / (1 + e);
}

/** σ(x)(1 + x·σ(−x)); for x < 0 it is eˣ·(1 + x + eˣ)/(1 + eˣ)², all in non-cancelling pieces but 1 + x + eˣ, whose root is a zero of f′. */
export function swishDf(x: number): number {
  if (x >= 0) {
    const e = Math.exp(-x);
    const s = 1 / (1 + e);
    return s * (1 + x * e * s);
  }
  const e = Math.exp(x);
  return (e * (1 + x + e)) / ((1 + e) * (1 + e));
}

export function gelu(x: number): number {
  const xc = Math.min(Math.max(x, -GELU_CLAMP), GELU_CLAMP);
  const v = xc * (GELU_A + GELU_B * xc * xc);
  if (x >= 0) return x / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return (xc * e) / (1 + e);
}

/**
 * σ(v)(1 + x·v′·σ(−v)), v′ = A + 3Bx²; for x < 0 it is e^v·(1 + x·v′ + e^v)/(1 + e^v)², whose
 * middle factor has the root of f′.
 */
export function geluDf(x: number): number {
  const xc = Math.min(Math.max(x, -GELU_CLAMP), GELU_CLAMP);
  const v = xc * (GELU_A + GELU_B * xc * xc);
  const xdv = xc * (GELU_A + 3 * GELU_B * xc * xc);
  if (x >= 0) {
    const e = Math.exp(-v);
    const s = 1 / (1 + e);
    return s * (1 + xdv * e * s);
  }
  const e = Math.exp(v);
  return (e * (1 + xdv + e)) / ((1 + e) * (1 + e));
}
