/**
 * The float64 reference the CPU kernels are tested against (unit and browser tests), with the
 * error bound they promise: Higham's bound for a float32 inner product, |fl(Σ xᵢyᵢ) − Σ xᵢyᵢ| ≤
 * γ_n Σ|xᵢyᵢ| with γ_n = n·u/(1 − n·u), u = 2⁻²⁴, taken with n = K + 2 for the bias and the scale.
 */
import type { LayerShape } from './kernels';

const U = 2 ** -24;

export function gamma(n: number): number {
  return (n * U) / (1 - n * U);
}

/**
 * Largest |computed − exact| / bound over C[M×N] = scale·(start(n) + Σ_k A(m,k)·B(k,n)), exact
 * and Σ|terms| in float64; ≤ 1 when every element is within the bound, Infinity for a non-finite one.
 */
function worstRatio(
  c: Float32Array, M: number, N: number, K: number,
  a: (m: number, k: number) => number, b: (k: number, n: number) => number,
  start: (n: number) => number, scale: number,
): number {
  let worst = 0;
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let exact = start(n);
      let abs = Math.abs(exact);
      for (let k = 0; k < K; k++) {
        const t = a(m, k) * b(k, n);
        exact += t;
        abs += Math.abs(t);
      }
      const got = c[m * N + n]!;
      const bound = gamma(K + 2) * Math.abs(scale) * abs + Number.MIN_VALUE;
      worst = Number.isFinite(got) ? Math.max(worst, Math.abs(got - scale * exact) / bound) : Infinity;
    }
  }
  return worst;
}

/** S[b][i] = Σ_j W[i][j]·H[b][j] + bias[i]. */
export function forwardRatio(s: Float32Array, h: Float32Array, w: Float32Array, bias: Float32Array | null, { batch, nIn, nOut }: LayerShape): number {
  return worstRatio(s, batch, nOut, nIn, (b, j) => h[b * nIn + j]!, (j, i) => w[i * nIn + j]!, (i) => (bias ? bias[i]! : 0), 1);
}

/** G[b][j] = Σ_i D[b][i]·W[i][j]. */
export function backwardRatio(g: Float32Array, d: Float32Array, w: Float32Array, { batch, nIn, nOut }: LayerShape): number {
  return worstRatio(g, batch, nIn, nOut, (b, i) => d[b * nOut + i]!, (i, j) => w[i * nIn + j]!, () => 0, 1);
}

/** GW[i][j] = scale·Σ_b D[b][i]·H[b][j], with scale as the kernel sees it (float32). */
export function weightGradRatio(gw: Float32Array, d: Float32Array, h: Float32Array, scale: number, { batch, nIn, nOut }: LayerShape): number {
  return worstRatio(gw, nOut, nIn, batch, (i, b) => d[b * nOut + i]!, (b, j) => h[b * nIn + j]!, () => 0, Math.fround(scale));
}
