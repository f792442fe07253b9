/**
 * A memoized Gaussian moment m(q) = E_z[g(√q z)], z ~ N(0, 1), as a function of the variance q.
 *
 * The mean-field recursion asks for the same few moments (E[f²], E[f′²], E|f′|) at thousands of
 * nearby q: every layer of a deep net, every point of a phase diagram. Each call used to be a fresh
 * adaptive quadrature. Here m is interpolated in t = ln q instead:
 *
 *   m(q) = ∫ g(x) e^{−x²/2q} dx / √(2πq) is analytic in q wherever Re(1/q) > 0, that is in the strip
 *   |Im t| < π/2 of t = ln q (g grows at most polynomially on the real line).
 *
 * On each unit interval [k, k+1] of t a Chebyshev interpolant through N = 24 first-kind points
 * converges like ρ^−N with ρ = π + √(π² + 1) ≈ 6.4 (the Bernstein ellipse that fits the strip), so
 * ~1e−19 relative: the interpolant reproduces the quadrature to rounding. Intervals are built on first
 * use from N accurate quadratures and kept.
 *
 * Far out (|ln q| > T_FAR, q < 1e−40 or q > 1e40) m follows its leading power: near 0 the expansion
 * runs in powers of √q (half-integer powers come from kinks at 0), near ∞ in powers of 1/√q, so the
 * leading term q^k alone is exact up to a relative √q (or 1/√q) < 1e−20. k is read off two exact values
 * and must be a multiple of ½; otherwise (and at q = 0, ∞) `exact` answers.
 */

const N = 24;
const T_FAR = 92;
/** The power law is fitted between ln q = ±T_FAR and ±(T_FAR + FIT_SPAN). */
const FIT_SPAN = 11.5;

interface PowerLaw { q0: number; m0: number; k: number }

/** cos(π m (j + ½) / N) for the first-kind Chebyshev transform. */
const COS = (() => {
  const c = new Float64Array(N * N);
  for (let m = 0; m < N; m++) for (let j = 0; j < N; j++) c[m * N + j] = Math.cos((Math.PI * m * (j + 0.5)) / N);
  return c;
})();

export class MomentTable {
  /** Chebyshev coefficients per interval k = ⌊ln q⌋; null where a node value was not finite (use exact). */
  private readonly segments = new Map<number, Float64Array | null>();

  constructor(private readonly exact: (q: number) => number) {}

  /** Number of intervals built so far (for tests and profiling). */
  get size(): number {
    return this.segments.size;
  }

  private low: PowerLaw | null | undefined;
  private high: PowerLaw | null | undefined;

  at(q: number): number {
    if (!(q > 0) || q === Infinity) return this.exact(q);
    const t = Math.log(q);
    if (t < -T_FAR || t > T_FAR) {
      const side = t < 0 ? 'low' : 'high';
      let law = this[side];
      if (law === undefined) law = this[side] = this.fit(t < 0 ? -1 : 1);
      return law ? law.m0 * (q / law.q0) ** law.k : this.exact(q);
    }
    const k = Math.floor(t);
    let c = this.segments.get(k);
    if (c === undefined) {
      c = this.build(k);
      this.segments.set(k, c);
    }
    if (c === null) return this.exact(q);
    // Clenshaw on x ∈ [−1, 1].
    const x = 2 * (t - k) - 1;
    const x2 = 2 * x;
    let b1 = 0, b2 = 0;
    for (let m = N - 1; m >= 1; m--) {
      const b0 = c[m] + x2 * b1 - b2;
      b2 = b1;
      b1 = b0;
    }
    return c[0] + x * b1 - b2;
  }

  /** The leading power law beyond ln q = ±T_FAR (sign −1: q → 0, +1: q → ∞), or null if m has none. */
  private fit(sign: number): PowerLaw | null {
    const q0 = Math.exp(sign * T_FAR);
    const q1 = Math.exp(sign * (T_FAR + FIT_SPAN));
    const m0 = this.exact(q0), m1 = this.exact(q1);
    if (!(m0 > 0 && m1 > 0 && Number.isFinite(m0) && Number.isFinite(m1))) return null;
    const k = Math.log(m1 / m0) / Math.log(q1 / q0);
    const half = Math.round(2 * k) / 2;
    return Math.abs(k - half) < 1e-9 ? { q0, m0, k: half } : null;
  }

  private build(k: number): Float64Array | null {
    const values = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      const x = COS[N + j]; // cos(π (j + ½) / N)
      const v = this.exact(Math.exp(k + 0.5 * (x + 1)));
      if (!Number.isFinite(v)) return null;
      values[j] = v;
    }
    const c = new Float64Array(N);
    for (let m = 0; m < N; m++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += values[j] * COS[m * N + j];
      c[m] = ((m === 0 ? 1 : 2) / N) * s;
    }
    return c;
  }
}
