/**
 * Mean-field theory of signal and gradient propagation at initialization (Poole et al. 2016,
 * "Exponential expressivity in deep neural networks through transient chaos"; Schoenholz et al. 2017,
 * "Deep information propagation"), for W_ij ~ N(0, σ_w²/n), b_i ~ N(0, σ_b²), wide layers:
 *
 *   forward   q_1 = σ_w²·E[x²] + σ_b² = σ_w² + σ_b²            (h_0 = x ~ N(0, 1))
 *             q_l = σ_w²·E_z[f(√q_{l−1} z)²] + σ_b²              (q_l = E[s_l²])
 *   backward  δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l)  ⇒  E[δ_l²] = E[δ_{l+1}²] · χ_l,
 *             χ_l = σ_w²·E_z[f′(√q_l z)²]   (σ_w² of W_{l+1}; f′ = the derivative used backward)
 *   top       random: E[δ_L²] = 1;  mse: δ_L = (f(s_L) − t) f′(s_L), t ~ N(0, 1) independent, so
 *             E[δ_L²] = E[f(s_L)² f′(s_L)²] + E[f′(s_L)²].
 *
 * q* is the fixed point the recursion reaches from the input, χ₁ = σ_w² E[f′(√q* z)²], and the
 * depth scale ξ = −1/ln χ₁ (Schoenholz et al. eq. 10): δ² shrinks like e^{−l/ξ}; ξ < 0 means growth
 * over |ξ| layers, ξ = ∞ at the edge of chaos (χ₁ = 1).
 */
import { POSITIVELY_HOMOGENEOUS, activationFn, type ActivationDef, type ActivationFn } from './activations';
import type { RunActivation, SimConfig } from './config';
import { gaussianExpectation, gaussianMass } from './gauss';
import { MomentTable } from './moment-table';
import { weightDistribution } from './inits';
import type { RunTheoryInfo } from './stats';
import { meanFieldCaveats } from './theory-caveats';

/** Slopes (right of 0, left of 0) of a piecewise-linear activation's f, or of its backward f′. */
function slopes(a: ActivationFn, which: 'f' | 'df'): [number, number] | null {
  if (!POSITIVELY_HOMOGENEOUS.has(a.def.name)) return null;
  // Read the slopes from f and df themselves (necrorelu's df is leaky while its f is relu).
  if (which === 'f') return [a.def.f(1, a.param), -a.def.f(-1, a.param)];
  return [a.def.df(1, a.param), a.def.df(-1, a.param)];
}

type Moment = 'f2' | 'df2' | 'absdf';

/**
 * The smooth moments as memoized functions of q, one table per (activation, parameter, moment): the
 * recursion and the phase diagram evaluate them at thousands of nearby q (see moment-table.ts).
 */
const tables = new WeakMap<ActivationDef, Map<number, Partial<Record<Moment, MomentTable>>>>();

function table(a: ActivationFn, moment: Moment): MomentTable {
  const { def, param } = a;
  let byParam = tables.get(def);
  if (!byParam) tables.set(def, (byParam = new Map()));
  let entry = byParam.get(param);
  if (!entry) byParam.set(param, (entry = {}));
  let t = entry[moment];
  if (!t) {
    const g = moment === 'f2' ? (x: number) => { const y = def.f(x, param); return y * y; }
      : moment === 'df2' ? (x: number) => { const y = def.df(x, param); return y * y; }
        : (x: number) => Math.abs(def.df(x, param));
    // |f′| has a kink wherever f′ changes sign (swish, gelu): cut there too.
    const kinks = moment === 'absdf' ? [...def.kinks, ...signChanges((x) => def.df(x, param))] : def.kinks;
    t = entry[moment] = new MomentTable((q) => gaussianExpectation(g, q, kinks));
  }
  return t;
}

/** Where h changes sign in [−20, 20] (scan, then bisection to rounding). */
function signChanges(h: (x: number) => number): number[] {
  const roots: number[] = [];
  const step = 1 / 64;
  for (let x = -20; x < 20; x += step) {
    let a = x, b = x + step;
    const ha = h(a);
    if (ha === 0 || Math.sign(ha) * Math.sign(h(b)) >= 0) continue;
    for (let i = 0; i < 100 && b - a > 1e-15 * Math.max(1, Math.abs(a)); i++) {
      const m = 0.5 * (a + b);
      if (Math.sign(h(m)) === Math.sign(ha)) a = m; else b = m;
    }
    roots.push(0.5 * (a + b));
  }
  return roots;
}

/** q ↦ E_z[f(√q z)²], resolved once (closed form q·(a₊² + a₋²)/2 for piecewise-linear f with slopes a₊, a₋). */
export function secondMomentOf(a: ActivationFn): (q: number) => number {
  const s = slopes(a, 'f');
  if (s) {
    const c = (s[0] * s[0] + s[1] * s[1]) / 2;
    return (q) => (q === Infinity ? (c !== 0 ? Infinity : 0) : q * c);
  }
  const t = table(a, 'f2');
  return (q) => t.at(q);
}

/** q ↦ E_z[f′(√q z)²] for the backward derivative (closed form (a₊² + a₋²)/2 for piecewise-linear ones, q > 0). */
export function derivativeMomentOf(back: ActivationFn): (q: number) => number {
  const s = slopes(back, 'df');
  const t = table(back, 'df2');
  if (s) {
    const c = (s[0] * s[0] + s[1] * s[1]) / 2;
    return (q) => (q > 0 ? c : t.at(q));
  }
  return (q) => t.at(q);
}

/** E_z[f(√q z)²]. */
export function secondMoment(a: ActivationFn, q: number): number {
  return secondMomentOf(a)(q);
}

/** E_z[f′(√q z)²] for the backward derivative. */
export function derivativeMoment(back: ActivationFn, q: number): number {
  return derivativeMomentOf(back)(q);
}

/** E_z|f′(√q z)| for the backward derivative; closed form (|a₊| + |a₋|)/2 for piecewise-linear ones. */
export function absDerivativeMoment(back: ActivationFn, q: number): number {
  const s = slopes(back, 'df');
  if (s && q > 0) return (Math.abs(s[0]) + Math.abs(s[1])) / 2;
  return table(back, 'absdf').at(q);
}

/** E[δ_L²] / 1 for the mse top: E[(f(s) − t)² f′(s)²] = E[f² f′²] + E[f′²], s ~ N(0, q), t ~ N(0, 1). */
export function mseTopMoment(act: ActivationFn, back: ActivationFn, q: number): number {
  const kinks = [...new Set([...act.def.kinks, ...back.def.kinks])];
  return gaussianExpectation((x) => {
    const y = act.def.f(x, act.param);
    const d = back.def.df(x, back.param);
    return (y * y + 1) * d * d;
  }, q, kinks);
}

/** The variance map V(q) = σ_w² E[f(√q z)²] + σ_b². */
export function varianceMap(act: ActivationFn, sigmaW2: number, sigmaB2: number, q: number): number {
  return sigmaW2 === 0 ? sigmaB2 : sigmaW2 * secondMoment(act, q) + sigmaB2;
}

/**
 * The fixed point the recursion q ← V(q) reaches from q1. V is non-decreasing for the registry's
 * activations, so the iteration is monotone and stops at the nearest fixed point in the direction it
 * moves: iterate a little, then bracket that root by doubling/halving and bisect. Returns Infinity
 * when q grows without bound and 0 when it decays to the trivial fixed point.
 */
/**
 * |V(q) − q| below this fraction of q is rounding, not a sign: without the margin, a recursion that
 * grows linearly (relu at σ_w² = 2 with bias) or decays algebraically (tanh at σ_w² = 1) would show a
 * false root where the bias or the curvature drops below the last digit.
 */
const ROUNDOFF = 1e-12;

const LADDER_UP = [2 ** 16, 2 ** 32, 2 ** 64, 2 ** 128, 2 ** 256, 2 ** 512];
const LADDER_DOWN = LADDER_UP.map((x) => 1 / x);

export function fixedPoint(act: ActivationFn, sigmaW2: number, sigmaB2: number, q1: number): number {
  const M = secondMomentOf(act);
  const V = (q: number): number => (sigmaW2 === 0 ? sigmaB2 : sigmaW2 * M(q) + sigmaB2);
  let q = q1;
  for (let i = 0; i < 20; i++) {
    const next = V(q);
    if (!Number.isFinite(next)) return Infinity;
    if (next === q || Math.abs(next - q) <= 1e-15 * q) return next;
    q = next;
  }
  const g = (x: number): number => V(x) - x;
  const gq = g(q);
  let lo: number, hi: number;
  // Bracket by doubling/halving; beyond a factor FAR from q, jump along a fixed ladder of powers
  // 2^(±2^k), so an unbounded (or vanishing) recursion is recognised in a few steps rather than ~1000
  // (q = 1e300 or 1e−300), at the same few q for every grid point (the moment tables stay small).
  const FAR = 2 ** 40;
  if (gq > 0) {
    // Moving up: the root is the first x > q with g(x) ≤ 0.
    lo = q;
    hi = Math.max(2 * q, q + gq);
    while (g(hi) > -ROUNDOFF * hi) {
      lo = hi;
      hi = hi < FAR * q ? hi * 2 : (LADDER_UP.find((x) => x > hi) ?? Infinity);
      if (hi > 1e300) return Infinity;
    }
  } else {
    // Moving down: the root is the last x < q with g(x) ≥ 0 (g(0) = V(0) ≥ 0).
    hi = q;
    lo = q / 2;
    while (g(lo) < ROUNDOFF * lo) {
      hi = lo;
      lo = lo > q / FAR ? lo / 2 : (LADDER_DOWN.find((x) => x < lo) ?? 0);
      if (lo < 1e-300) return 0;
    }
  }
  // Invariant: g(lo) ≥ 0 > g(hi) up to rounding. Bisect in log q while the bracket spans decades.
  for (let i = 0; i < 400 && hi - lo > 1e-15 * hi; i++) {
    const mid = hi > 4 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : 0.5 * (lo + hi);
    if (g(mid) >= 0) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** χ at q: σ_w² E[f′(√q z)²]. */
export function chiAt(back: ActivationFn, sigmaW2: number, q: number): number {
  return sigmaW2 === 0 ? 0 : sigmaW2 * derivativeMoment(back, q);
}

/** ξ = −1/ln χ₁: ∞ at χ₁ = 1, 0 at χ₁ = 0, negative when gradients grow. */
export function depthScale(chi1: number): number {
  if (chi1 === 1) return Infinity;
  return -1 / Math.log(chi1);
}

export interface PhasePoint {
  qStar: number;
  chi1: number;
  depthScale: number;
  orderedPhase: boolean;
}

export function phasePoint(act: ActivationFn, back: ActivationFn, sigmaW2: number, sigmaB2: number, q1 = sigmaW2 + sigmaB2): PhasePoint {
  const qStar = fixedPoint(act, sigmaW2, sigmaB2, q1);
  // At q* = 0 take the limit q → 0⁺ (relu's E[f′²] is 1/2 for every q > 0, but f′(0) = 0).
  const chi1 = chiAt(back, sigmaW2, qStar > 0 ? qStar : Number.MIN_VALUE);
  return { qStar, chi1, depthScale: depthScale(chi1), orderedPhase: chi1 < 1 };
}

/** Run-level theory values carried in the JSON (RunResult.theory). */
export type RunTheory = RunTheoryInfo;

/** Per-layer predictions for one activation of a config; arrays are indexed layer − 1. */
export interface LayerTheory {
  run: RunTheory;
  /** q_l = E[s_l²]. */
  q: number[];
  /** χ_l = σ_w² E[f′(√q_l z)²]; δ_l² = δ_{l+1}² χ_l (the entry for the output layer is unused). */
  chi: number[];
  /** √E[δ_l²] (0 where float64 cannot hold it). */
  deltaRms: number[];
  /** log₁₀ √E[δ_l²], finite at any depth. */
  deltaLog10: number[];
}

/** Whether the config's init is inside the theory, and what to say about it. */
export function initNote(config: SimConfig): { gaussian: boolean; note?: string } {
  const d = weightDistribution(config.init, config.width, config.width);
  switch (d.kind) {
    case 'orthogonal':
      return {
        gaussian: false,
        note: `orthogonal weights are outside the Gaussian mean-field theory; computed with σ_w² = gain² = ${config.sigmaW2}`,
      };
    case 'uniform':
      return { gaussian: true, note: `uniform weights enter through their variance σ_w² = ${config.sigmaW2} (pre-activations are Gaussian at large width)` };
    case 'zeros':
      return { gaussian: true, note: 'zero weights: σ_w² = 0, every pre-activation is its bias' };
    case 'normal':
      return { gaussian: true };
  }
}

/**
 * With the mse top, δ_L = (h_L − t) ⊙ f′ contains h_L, which depends on W_L: the gradient-independence
 * assumption behind δ_l² = δ_{l+1}² χ_l holds only for the target part. Measured at width 512, the
 * product under-predicts ReLU's deltaRms by up to ~30% ten layers below the top; tanh's (odd) is close.
 */
const MSE_NOTE = 'mse top: δ_L is exact; below it the prediction treats δ as independent of the weights, which the h_L part of the error is not';

/** The mean-field prediction for `run`, one of config.activations. */
export function layerTheory(config: SimConfig, run: RunActivation): LayerTheory {
  const act = activationFn(run);
  const back = activationFn(run.derivative);
  const { sigmaW2, sigmaB2, depth } = config;
  const M = secondMomentOf(act);
  const D = derivativeMomentOf(back);
  const q = new Array<number>(depth);
  q[0] = sigmaW2 * 1 + sigmaB2;
  for (let l = 1; l < depth; l++) {
    const prev = q[l - 1];
    // Once the recursion sits on its fixed point (or rounds back and forth between two neighbouring
    // doubles around it), the remaining layers repeat it.
    q[l] = l >= 2 && (prev === q[l - 2] || (l >= 3 && prev === q[l - 3])) ? prev : sigmaW2 === 0 ? sigmaB2 : sigmaW2 * M(prev) + sigmaB2;
  }
  const chi = new Array<number>(depth);
  for (let l = 0; l < depth; l++) chi[l] = l > 0 && q[l] === q[l - 1] ? chi[l - 1] : sigmaW2 === 0 ? 0 : sigmaW2 * D(q[l]);

  // Work with log δ²: thousands of layers of decay underflow float64 long before the end.
  const top = config.top === 'mse' ? mseTopMoment(act, back, q[depth - 1]) : 1;
  const deltaRms = new Array<number>(depth);
  const deltaLog10 = new Array<number>(depth);
  let logD2 = Math.log(top);
  for (let l = depth - 1; l >= 0; l--) {
    if (l < depth - 1) logD2 += Math.log(chi[l]);
    deltaLog10[l] = logD2 / (2 * Math.LN10);
    deltaRms[l] = Number.isNaN(logD2) ? NaN : Math.exp(0.5 * logD2);
  }
  const point = phasePoint(act, back, sigmaW2, sigmaB2, q[0]);
  const init = initNote(config);
  const caveats = init.gaussian ? meanFieldCaveats({ act, exactDerivative: run.derivative.id === run.id && run.derivative.param === run.param, V: (x) => sigmaW2 * M(x) + sigmaB2, chiOf: (x) => (sigmaW2 === 0 ? 0 : sigmaW2 * D(x)), q, point, width: config.width }) : [];
  const notes = [init.note, config.top === 'mse' ? MSE_NOTE : undefined, ...caveats].filter((n) => n !== undefined);
  return {
    run: { ...point, sigmaW2, sigmaB2, gaussian: init.gaussian, ...(notes.length ? { note: notes.join('; ') } : {}) },
    q, chi, deltaRms, deltaLog10,
  };
}

/** The further expectations of one layer at variance q (see `layerExpectationsOf`). */
export interface LayerExpectations {
  activationRms: number; meanAbsFprime: number; zeroFraction: number; fprimeZeroFraction: number;
}

/**
 * Further expectations for a theory-only table: E|f′|, √E[f²], P(f(s) = 0), P(f′(s) = 0), as a
 * function of q for `run` (resolved once, so it can be called per layer).
 * The zero probabilities are the Gaussian mass of the pieces (between kinks) where the function is 0.
 */
export function layerExpectationsOf(run: RunActivation): (q: number) => LayerExpectations {
  const act = activationFn(run), back = activationFn(run.derivative);
  const zeroF = zeroPieces((x) => act.def.f(x, act.param), act.def.kinks);
  const zeroDf = zeroPieces((x) => back.def.df(x, back.param), back.def.kinks);
  return (q) => ({
    activationRms: Math.sqrt(secondMoment(act, q)),
    meanAbsFprime: absDerivativeMoment(back, q),
    zeroFraction: zeroF(q),
    fprimeZeroFraction: zeroDf(q),
  });
}

/**
 * q ↦ P(g(s) = 0) for s ~ N(0, q), for g that is either identically 0 or nowhere 0 on each piece
 * between kinks (the pieces are probed once).
 */
function zeroPieces(g: (x: number) => number, kinks: readonly number[]): (q: number) => number {
  const cuts = [-Infinity, ...[...kinks].sort((a, b) => a - b), Infinity];
  const pieces: [number, number][] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    const probe = [0.25, 0.5, 0.75].map((t) => {
      if (Number.isFinite(a) && Number.isFinite(b)) return a + t * (b - a);
      const base = Number.isFinite(a) ? a : Number.isFinite(b) ? b : 0;
      const dir = Number.isFinite(a) ? 1 : -1;
      return base + dir * t * 4;
    });
    if (probe.every((x) => g(x) === 0)) pieces.push([a, b]);
  }
  const atZero = g(0) === 0 ? 1 : 0;
  return (q) => {
    if (q === 0) return atZero;
    let mass = 0;
    for (const [a, b] of pieces) mass += gaussianMass(q, a, b);
    return Math.min(1, mass);
  };
}
