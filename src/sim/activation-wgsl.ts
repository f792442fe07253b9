/**
 * The float32 WGSL forms of the smooth activations, accurate to a few ulp wherever the true value
 * is a normal float32 (checked against float64 on the GPU by tests/browser/activation-accuracy.test.ts).
 *
 * WGSL's built-ins cannot give that (WGSL spec, "Floating Point Accuracy"): exp promises only
 * 3 + 2|x| ulp, log only an absolute 2⁻²¹ on [0.5, 2] (so log(1 + u) is worthless for small u), tanh
 * an absolute 1e-5 (and may be a ratio of overflowing exponentials); there is no expm1 or log1p;
 * subnormals may be flushed to zero; and an implementation may reassociate. So every form is built
 * on one hand-reduced exponential, `act_exp`, whose reduction stays exact under reassociation, and
 * scales by a factor c before the power of two, so that c·eˣ is normal wherever it truly is.
 * Two places need more than float32 precision. The distance to the zero of GELU′ and swish′ is
 * exact by integer arithmetic. GELU's exponent is a double-float32 (Dekker's products, Knuth's sum):
 * those error-free transforms assume the compiler does not reassociate them, which SwiftShader does
 * not; on a backend that does (Metal's fast math may), GELU and GELU′ below x ≈ −2 would lose
 * accuracy, growing to ~1e-5 relative at x = −10 (still never 0 where they are normal).
 */
import { GELU_A, GELU_B, SELU_ALPHA, SELU_LAMBDA, geluDf, swishDf } from './activation-forms';

/** A WGSL abstract-float literal for a float64 value. */
function lit(v: number): string {
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** c₀ + x(c₁ + x(c₂ + …)) as WGSL. */
function horner(x: string, coeffs: readonly number[]): string {
  return coeffs.reduceRight((inner, c, i) => (i === coeffs.length - 1 ? lit(c) : `${lit(c)} + ${x} * (${inner})`), '');
}

/** A float64 constant as a float32 pair hi + lo. */
function pair(v: number): [string, string] {
  const hi = Math.fround(v);
  return [lit(hi), lit(Math.fround(v - hi))];
}

/** 1/k! for k = from … to. */
function invFactorials(from: number, to: number): number[] {
  const out: number[] = [];
  let f = 1;
  for (let k = 1; k <= to; k++) {
    f *= k;
    if (k >= from) out.push(1 / f);
  }
  return from === 0 ? [1, ...out] : out;
}

/** The zero of a continuous function with a sign change on [lo, hi], by bisection to the last bit. */
function rootIn(f: (x: number) => number, lo: number, hi: number): number {
  const sLo = Math.sign(f(lo));
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (Math.sign(f(mid)) === sLo) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * WGSL text giving t = x − x0 for x in x0's binade (x0 < 0): the distance in ulps is the exact
 * integer difference of the bit patterns, minus the fractional position of x0, in one rounding.
 * Returns that expression and the binade's bounds (the window where it is used).
 */
function rootDistance(x0: number): { t: string; lo: number; hi: number } {
  const a = -x0;
  const e = Math.floor(Math.log2(a));
  if (!(2 ** e <= a && a < 2 ** (e + 1))) throw new Error(`binade of ${x0}`);
  const ulp = 2 ** (e - 23);
  const u = a / ulp;
  const offset = (e + 127) * 2 ** 23 - 2 ** 23 + Math.floor(u);
  return {
    t: `(${lit(u - Math.floor(u))} - f32(i32(bitcast<u32>(-xc)) - ${offset}i)) * ${lit(ulp)}`,
    lo: -(2 ** (e + 1)),
    hi: -(2 ** e),
  };
}

const LN2_HI = 0.693145751953125; // 16 significant bits: n·LN2_HI is exact for |n| < 256
const [A_HI, A_LO] = pair(GELU_A);
const [B_HI, B_LO] = pair(GELU_B);

// swish′ ∝ 1 + x + eˣ, zero at x0 = −1 − W(1/e); there 1 + x + eˣ = t + e^x0·expm1(t), t = x − x0.
const SWISH_X0 = rootIn(swishDf, -2, -1);
const SWISH_T = rootDistance(SWISH_X0);

// GELU′ ∝ n(x) = 1 + x·v′(x) + e^v(x), zero at x0 ≈ −0.75; its expansion in t = x − x0 (act_gelu_df).
const GELU_X0 = rootIn(geluDf, -1, -0.5);
const GELU_T = rootDistance(GELU_X0);
const G = { x0: GELU_X0, a: GELU_A, b: GELU_B };
const GELU_P = [G.a + 9 * G.b * G.x0 ** 2, 9 * G.b * G.x0, 3 * G.b];
const GELU_Q = [G.a + 3 * G.b * G.x0 ** 2, 3 * G.b * G.x0, G.b];
const GELU_E0 = Math.exp(G.x0 * (G.a + G.b * G.x0 ** 2));

/** The WGSL helper functions the registry's WGSL expressions call (all named act_*). */
export const ACTIVATION_MATH_WGSL = /* wgsl */ `
// c·e^(x + xl) for x ≤ 0, |xl| < 2^-10, |c| < 2^16. Cody & Waite: x = n·ln 2 + r, where n·LN2_HI and
// r = x − n·LN2_HI are exact (LN2_HI has 16 bits; Sterbenz). The rest of ln 2, and xl, enter as the
// factor e^−m ≈ 1 − m + m²/2, multiplied in rather than subtracted from r, so that reassociation
// cannot fold them back into an inexact n·ln 2. Taylor to r⁷ on |r| ≤ ln 2 / 2 (error < 0.1 ulp).
// c multiplies before the power of two, which is applied as 2^(n + 64), built from its bits (exact;
// ldexp may return 0 for any exponent below −126 and may be exp2 underneath), then 2^−64.
fn act_exp(x: f32, xl: f32, c: f32) -> f32 {
  let y = max(x, -120.0);
  let n = round(y * ${lit(Math.LOG2E)});
  let r = y - n * ${lit(LN2_HI)};
  let m = n * ${lit(Math.LN2 - LN2_HI)} - xl;
  let er = ${horner('r', invFactorials(0, 7))};
  let scale = bitcast<f32>(u32(i32(n) + 191) << 23u);
  return (c * er * (1.0 - m * (1.0 - 0.5 * m)) * scale) * ${lit(2 ** -64)};
}

// eˣ − 1 for x ≤ ln 2: the Taylor series where eˣ − 1 would cancel (|x| < ln 2; error < 0.02 ulp);
// below −ln 2, eˣ ≤ 1/2 and the subtraction loses at most one bit.
fn act_expm1(x: f32) -> f32 {
  if (x > ${lit(-Math.LN2)}) { return x * (${horner('x', invFactorials(1, 10))}); }
  return act_exp(x, 0.0, 1.0) - 1.0;
}

// ln(1 + u) for 0 ≤ u ≤ 1 as 2·atanh(z) = 2z(1 + z²/3 + …), z = u / (2 + u) ≤ 1/3: no cancellation, and
// no built-in log, whose error near 1 is absolute. 2z is formed as u·w, w = 2/(2 + u), so that no
// intermediate is subnormal where u is normal. Series to z¹⁵ (error < 2e-9 relative).
fn act_log1p(u: f32) -> f32 {
  let uw = u * (2.0 / (2.0 + u));
  let z2 = 0.25 * uw * uw;
  return uw * (${horner('z2', [1, 3, 5, 7, 9, 11, 13, 15].map((k) => 1 / k))});
}

// σ(x) from e = e^−|x|: 1/(1 + e) or e/(1 + e).
fn act_sigmoid(x: f32) -> f32 {
  let e = act_exp(-abs(x), 0.0, 1.0);
  return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
}

// σ′ = σ(x)σ(−x) = e/(1 + e)²: no 1 − σ, which is 0 in float32 for x > 16.6.
fn act_sigmoid_df(x: f32) -> f32 {
  let e = act_exp(-abs(x), 0.0, 1.0);
  let d = 1.0 + e;
  return e / (d * d);
}

// ln(1 + eˣ) = max(x, 0) + log1p(e^−|x|): never 0 where the true value is a normal float32.
fn act_softplus(x: f32) -> f32 {
  return max(x, 0.0) + act_log1p(act_exp(-abs(x), 0.0, 1.0));
}

// tanh|x| = −expm1(−2|x|) / (2 + expm1(−2|x|)): relative accuracy down to 0, never NaN.
fn act_tanh(x: f32) -> f32 {
  let em = act_expm1(-2.0 * min(abs(x), 64.0));
  let t = -em / (2.0 + em);
  return select(-t, t, x >= 0.0);
}

// tanh′ = sech² = 4e/(1 + e)², e = e^−2|x|, with the 4 inside act_exp so that it stays normal as long
// as the true value is (1 − tanh² is 0 for |x| > 9, where sech² is 1e-8 and smaller).
fn act_tanh_df(x: f32) -> f32 {
  let q = act_exp(-2.0 * min(abs(x), 64.0), 0.0, 4.0);
  let d = 1.0 + 0.25 * q;
  return q / (d * d);
}

// x·σ(v) for v = v.x + v.y of the sign of x (x ≥ −2^16); for x < 0, x·e^v comes from act_exp in one
// piece: it stays normal where e^v alone would not (swish: x·eˣ is normal down to x ≈ −92, eˣ to −87).
fn act_x_sigmoid(x: f32, v: vec2<f32>) -> f32 {
  if (x >= 0.0) { return x / (1.0 + act_exp(-v.x, -v.y, 1.0)); }
  return act_exp(v.x, v.y, x) / (1.0 + act_exp(v.x, v.y, 1.0));
}

// The derivative of x·σ(v(x)) is σ(v)(1 + w·σ(−v)) with w = x·v′(x): for x ≥ 0 from e = e^−v, …
fn act_x_sigmoid_df_pos(v: vec2<f32>, w: f32) -> f32 {
  let e = act_exp(-v.x, -v.y, 1.0);
  let s = 1.0 / (1.0 + e);
  return s * (1.0 + w * e * s);
}

// … and for x < 0 it is e^v·n/(1 + e^v)² with n = 1 + w + e^v, which has the zero of f′: the caller
// computes n, near that zero from t = x − x0.
fn act_x_sigmoid_df_neg(v: vec2<f32>, n: f32) -> f32 {
  let d = 1.0 + act_exp(v.x, v.y, 1.0);
  return act_exp(v.x, v.y, n) / (d * d);
}

fn act_swish(x: f32) -> f32 {
  let xc = max(x, -120.0);
  return act_x_sigmoid(xc, vec2<f32>(xc, 0.0));
}

// n = 1 + x + eˣ, and near its zero x0 (= −1 − W(1/e)) t + e^x0·expm1(t), t = x − x0 exact to one rounding.
fn act_swish_df(x: f32) -> f32 {
  if (x >= 0.0) { return act_x_sigmoid_df_pos(vec2<f32>(x, 0.0), x); }
  let xc = max(x, -120.0);
  var n = (1.0 + xc) + act_exp(xc, 0.0, 1.0);
  if (xc > ${lit(SWISH_T.lo)} && xc <= ${lit(SWISH_T.hi)}) {
    let t = ${SWISH_T.t};
    n = t + ${lit(-1 - SWISH_X0)} * act_expm1(t);
  }
  return act_x_sigmoid_df_neg(vec2<f32>(xc, 0.0), n);
}

// The high 12 significant bits of a by a mask (Dekker's 4097·a split breaks if a compiler fuses it into an fma).
fn act_split(a: f32) -> vec2<f32> {
  let h = bitcast<f32>(bitcast<u32>(a) & 0xfffff000u);
  return vec2<f32>(h, a - h);
}

// a·b = p + err exactly (Dekker): the products of 12-bit halves are exact in float32.
fn act_two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = a * b;
  let sa = act_split(a);
  let sb = act_split(b);
  return vec2<f32>(p, ((sa.x * sb.x - p) + sa.x * sb.y + sa.y * sb.x) + sa.y * sb.y);
}

// GELU's exponent v = x·(A + B·x²) as v.x + v.y to ~2^-44 relative: e^v must be right to 1e-7 where
// |v| reaches 90, beyond float32's 24 bits.
fn act_gelu_v(x: f32) -> vec2<f32> {
  let x2 = act_two_prod(x, x);
  let b = act_two_prod(${B_HI}, x2.x);
  let s = ${A_HI} + b.x;
  let bb = s - ${A_HI};
  let sl = ((${A_HI} - (s - bb)) + (b.x - bb)) + ${A_LO} + b.y + ${B_HI} * x2.y + ${B_LO} * x2.x;
  let v = act_two_prod(x, s);
  return vec2<f32>(v.x, v.y + x * sl);
}

// GELU = x·σ(v); beyond ±20 it is x or 0 in float32, and GELU′ 1 or 0.
fn act_gelu(x: f32) -> f32 {
  let xc = clamp(x, -20.0, 20.0);
  return act_x_sigmoid(select(xc, x, x >= 0.0), act_gelu_v(xc));
}

// w = x·v′(x), n = 1 + w + e^v; near n's zero x0 ≈ −0.75, with t = x − x0, the polynomial part less its
// value at x0 is t(p₁ + t(p₂ + t·p₃)) and v(x) − v(x0) = t(q₁ + t(q₂ + t·q₃)), so n = t(p₁ + …) +
// e^v(x0)·expm1(t(q₁ + …)): two terms of the sign of t, no cancellation.
fn act_gelu_df(x: f32) -> f32 {
  let xc = clamp(x, -20.0, 20.0);
  let v = act_gelu_v(xc);
  let w = xc * (${lit(GELU_A)} + ${lit(3 * GELU_B)} * xc * xc);
  if (x >= 0.0) { return act_x_sigmoid_df_pos(v, w); }
  var n = (1.0 + w) + act_exp(v.x, v.y, 1.0);
  if (xc > ${lit(GELU_T.lo)} && xc <= ${lit(GELU_T.hi)}) {
    let t = ${GELU_T.t};
    n = t * (${horner('t', GELU_P)}) + ${lit(GELU_E0)} * act_expm1(t * (${horner('t', GELU_Q)}));
  }
  return act_x_sigmoid_df_neg(v, n);
}
`;

/** SELU's constants as WGSL literals: λ and λα. */
export const SELU_WGSL = { lambda: lit(SELU_LAMBDA), lambdaAlpha: lit(SELU_LAMBDA * SELU_ALPHA) };
