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

/** x·σ(v) for v of the sign of x: for x < 0, x·e^v/(1 + e^v). Swish has v = x, GELU v = 2u. */
function xSigmoid(x: number, v: number): number {
  if (x >= 0) return x / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return (x * e) / (1 + e);
}

/**
 * The derivative of x·σ(v(x)), σ(v)(1 + w·σ(−v)) with w = x·v′(x); for x < 0 it is
 * e^v·(1 + w + e^v)/(1 + e^v)², non-cancelling but for 1 + w + e^v, whose root is the zero of f′.
 */
function xSigmoidDf(x: number, v: number, w: number): number {
  if (x >= 0) {
    const e = Math.exp(-v);
    const s = 1 / (1 + e);
    return s * (1 + w * e * s);
  }
  const e = Math.exp(v);
  return (e * (1 + w + e)) / ((1 + e) * (1 + e));
}

export const swish = (x: number): number => xSigmoid(x, x);
export const swishDf = (x: number): number => xSigmoidDf(x, x, x);

/** GELU's v = A·x + B·x³ and x·v′(x), with x clamped to ±40, beyond which f and f′ are exact anyway. */
function geluV(x: number): [number, number] {
  const xc = Math.min(Math.max(x, -GELU_CLAMP), GELU_CLAMP);
  return [xc * (GELU_A + GELU_B * xc * xc), xc * (GELU_A + 3 * GELU_B * xc * xc)];
}

export const gelu = (x: number): number => xSigmoid(x, geluV(x)[0]);
export function geluDf(x: number): number {
  const [v, w] = geluV(x);
  return xSigmoidDf(x, v, w);
}
