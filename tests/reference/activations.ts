/**
 * Independent float64 references for the activation accuracy tests (src/sim/activation-accuracy.test.ts
 * on the CPU, tests/browser/activation-accuracy.test.ts on the GPU): the textbook formulas, written
 * only with steps that neither cancel nor underflow early, and sharing no code with src/sim. Also the
 * float32 test points and the error measure both tests report.
 *
 * At a kink the derivative takes the right-hand branch only for x > 0 (relu′(0) = 0, leaky′(0) = α,
 * abs′(0) = 0): the registry's convention, which the kernels must follow bit for bit.
 */

type Fn = (x: number, p: number) => number;

// Klambauer et al. 2017, eq. 14 (the values the paper derives for fixed point (0, 1)).
const SELU_A = 1.6732632423543772;
const SELU_L = 1.0507009873554805;
// Hendrycks & Gimpel 2016: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

/** 1/(1 + e^−y): relatively exact in float64 for every y (e^−y = ∞ gives the true 0). */
const logistic = (y: number): number => 1 / (1 + Math.exp(-y));
const geluU = (x: number): number => GELU_C * (x + GELU_K * x * x * x);
/** sech² u = (1/cosh u)², squared after the division so that it reaches 1e-308 before it underflows. */
const sech2 = (u: number): number => (1 / Math.cosh(u)) ** 2;

export const REFERENCES: Record<string, { f: Fn; df: Fn }> = {
  linear: { f: (x) => x, df: () => 1 },
  // σ′ = σ(x)·(1 − σ(x)) with 1 − σ(x) = σ(−x).
  sigmoid: { f: logistic, df: (x) => logistic(x) * logistic(-x) },
  tanh: { f: Math.tanh, df: (x) => sech2(x) },
  relu: { f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0) },
  'leaky-relu': { f: (x, a) => (x > 0 ? x : a * x), df: (x, a) => (x > 0 ? 1 : a) },
  prelu: { f: (x, a) => (x > 0 ? x : a * x), df: (x, a) => (x > 0 ? 1 : a) },
  elu: { f: (x, a) => (x > 0 ? x : a * Math.expm1(x)), df: (x, a) => (x > 0 ? 1 : a * Math.exp(x)) },
  selu: { f: (x) => SELU_L * (x > 0 ? x : SELU_A * Math.expm1(x)), df: (x) => SELU_L * (x > 0 ? 1 : SELU_A * Math.exp(x)) },
  // ln(1 + eˣ) = x + ln(1 + e^−x).
  softplus: { f: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))), df: logistic },
  // 0.5(1 + tanh u) = σ(2u);  f′ = 0.5(1 + tanh u) + 0.5·x·sech²(u)·u′(x).
  gelu: {
    f: (x) => x * logistic(2 * geluU(x)),
    df: (x) => logistic(2 * geluU(x)) + 0.5 * x * sech2(geluU(x)) * GELU_C * (1 + 3 * GELU_K * x * x),
  },
  // f′ = σ(x) + x·σ(x)(1 − σ(x)).
  swish: { f: (x) => x * logistic(x), df: (x) => logistic(x) + x * logistic(x) * logistic(-x) },
  abs: { f: Math.abs, df: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0) },
  necrorelu: { f: (x) => (x > 0 ? x : 0), df: (x, a) => (x > 0 ? 1 : a) },
};

/** The parameters each parameterized activation is checked at (the default first). */
export const TEST_PARAMS: Record<string, number[]> = {
  'leaky-relu': [0.01, 0.2],
  prelu: [0.25, -0.5],
  elu: [1, 10, 0.1],
  necrorelu: [0.1, 0.5],
};

export const F32_MIN_NORMAL = 2 ** -126;

/** The float32 values from `from` to `to` ulps away from x (toward larger magnitude for positive counts). */
function neighbours(x: number, from: number, to: number): number[] {
  const buf = new Float32Array(1);
  const bits = new Int32Array(buf.buffer);
  buf[0] = x;
  const base = bits[0];
  const out: number[] = [];
  for (let i = from; i <= to; i++) {
    bits[0] = base + i;
    out.push(buf[0]);
  }
  return out;
}

/** Zeros of a derivative (sign changes away from kinks), by bisection in float64. */
function zerosOf(df: (x: number) => number, grid: number[], kinks: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < grid.length; i++) {
    let lo = grid[i - 1];
    let hi = grid[i];
    if (kinks.some((k) => lo <= k && k <= hi) || Math.sign(df(lo)) * Math.sign(df(hi)) >= 0) continue;
    for (let it = 0; it < 200 && lo < 0.5 * (lo + hi) && 0.5 * (lo + hi) < hi; it++) {
      const mid = 0.5 * (lo + hi);
      if (Math.sign(df(mid)) === Math.sign(df(lo))) lo = mid;
      else hi = mid;
    }
    out.push(lo);
  }
  return out;
}

/**
 * The float32 test points for one activation: [−100, 100] every 0.01, [−4, 4] every 0.001, ±10^k
 * for k in [−37.9, 2] every 0.05 (normal float32 only: WGSL may flush subnormal inputs), each kink
 * with ±1e−30, ±1e−7 and 4 float32 neighbours either side (at 0: the five smallest normals of each
 * sign; WGSL may flush subnormal inputs to 0), and 16 float32
 * neighbours either side of every zero of f′.
 */
export function testPoints(df: (x: number) => number, kinks: readonly number[]): Float32Array {
  const xs: number[] = [];
  for (let i = -10000; i <= 10000; i++) xs.push(i / 100);
  for (let i = -4000; i <= 4000; i++) xs.push(i / 1000 + 3e-4);
  for (let k = -37.9; k <= 2; k += 0.05) xs.push(10 ** k, -(10 ** k));
  for (const k of kinks) {
    xs.push(k, k + 1e-30, k - 1e-30, k + 1e-7, k - 1e-7);
    if (k === 0) xs.push(...neighbours(F32_MIN_NORMAL, 0, 4), ...neighbours(-F32_MIN_NORMAL, 0, 4));
    else xs.push(...neighbours(k, -4, 4));
  }
  const sorted = [...new Set(xs.map(Math.fround))].sort((a, b) => a - b);
  for (const z of zerosOf(df, sorted, [...kinks])) xs.push(...neighbours(z, -16, 16));
  return Float32Array.from([...new Set(xs.map(Math.fround))].sort((a, b) => a - b));
}

/** One float32 ulp at |y| (normal range). */
export function ulp32(y: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(y))) - 23);
}

export interface Worst {
  /** Largest error in float32 ulps of the true value, and where. */
  ulps: number;
  ulpsAt: number;
  /** Largest relative error, and where. */
  rel: number;
  relAt: number;
  /** The largest fraction of the bound used (≤ 1 when every point passes). */
  used: number;
  /** Points that broke the bound, with what was computed and the truth. */
  failures: string[];
}

/**
 * The condition number |x·g′(x)/g(x)| of g at x (by a central difference): the relative error that a
 * relative rounding of x itself causes, the floor for any float64 evaluation of g, the reference's
 * included.
 */
export function condition(g: (x: number) => number, x: number): number {
  const h = 2 ** -20 * Math.abs(x);
  if (h === 0) return 0;
  return Math.abs((x * (g(x + h) - g(x - h))) / (2 * h) / g(x));
}

export interface Bound {
  /** Error allowed in float32 ulps of the true value, … */
  ulps: number;
  /** … or relative to it (one number, or one per point). */
  rel: number | ArrayLike<number>;
  /** Where the truth is smaller than this, any value as small passes, 0 included. */
  zeroBelow: number;
}

/** Worst error of `got` against the reference values `want` at the points `xs`, and where it breaks `bound`. */
export function measure(xs: ArrayLike<number>, got: ArrayLike<number>, want: ArrayLike<number>, bound: Bound): Worst {
  const w: Worst = { ulps: 0, ulpsAt: NaN, rel: 0, relAt: NaN, used: 0, failures: [] };
  for (let i = 0; i < xs.length; i++) {
    const g = got[i];
    const r = want[i];
    const err = Math.abs(g - r);
    let ok: boolean;
    if (!Number.isFinite(g)) ok = false;
    else if (Math.abs(r) < bound.zeroBelow) ok = Math.abs(g) <= bound.zeroBelow && g * r >= 0;
    else {
      const rel = err / Math.abs(r);
      const ulps = Math.abs(r) >= F32_MIN_NORMAL ? err / ulp32(r) : 0;
      if (ulps > w.ulps) [w.ulps, w.ulpsAt] = [ulps, xs[i]];
      if (rel > w.rel) [w.rel, w.relAt] = [rel, xs[i]];
      const allowed = Math.max(bound.ulps * ulp32(r), (typeof bound.rel === 'number' ? bound.rel : bound.rel[i]) * Math.abs(r));
      w.used = Math.max(w.used, err / allowed);
      ok = err <= allowed;
    }
    if (!ok && w.failures.length < 5) w.failures.push(`x=${xs[i]}: got ${g}, true ${r}`);
  }
  return w;
}
