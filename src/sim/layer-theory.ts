/**
 * The mean-field prediction for one network of a configuration, layer by layer: plain, residual,
 * normalized or mixed (README, "The model"). Wide layers (and, for BatchNorm, large batches); W ~
 * N(0, σ_w²/n), b ~ N(0, σ_b²); the gradient-independence assumption (backward weights treated as
 * independent of the forward ones; Schoenholz et al. 2017). Per unit group k of the layer, with
 * F_k, μ_k, D_k = E[f_k²], E[f_k], E[f_k′²] at q_l:
 *
 *   u_l     second moment v_l = σ_w²·p̄_{l−1} + σ_b² (p̄ = mean E[h²] over units, p̄_0 = X² for
 *           inputs x ~ N(0, X²), --input-std); batch variance a_l = σ_w²·w̄_{l−1} (w̄ = mean batch
 *           variance of h, w̄_0 = X²; the bias,
 *           constant over the batch, cancels)
 *   q_l     = E[s_l²]: v_l (no normalization); v_l/(v_l + ε) (LayerNorm: each example's units are
 *           i.i.d. N(0, v_l), so q is pinned to 1); a_l/(a_l + ε) (BatchNorm: at large batch each
 *           unit's s is i.i.d. N(0, 1) over the batch whatever its correlations; Yang et al. 2019)
 *   plain   p_l = F, m_l = μ, w_l = F − μ²
 *   stream  h_l = h_{l−1} + α f(s_l): p_l = p_{l−1} + 2α m_{l−1} μ + α² F, m_l = m_{l−1} + α μ,
 *           w_l = w_{l−1} + α²(F − μ²)  (Yang & Schoenholz 2017; the mean m of a unit's stream
 *           enters through E[h_{l−1} f(s_l)] = m_{l−1} μ, since s_l is independent of h_{l−1,j})
 *   backward e_l = N′ᵀ δ_l has E[e²] = γ_l E[δ²] with γ = 1, 1/(v + ε), 1/(a + ε); then
 *           plain  G_{l−1} = σ_w² γ_l E[δ_l²],            E[δ_{l−1}²] = G_{l−1} D̄_{l−1}
 *           stream G_{l−1} = G_l + σ_w² γ_l E[δ_l²],      E[δ_l²] = α² G_l D̄_l
 *           (G = E[g²], D̄ = the shares' mean of D_k).
 *
 * For a plain ReLU net with BatchNorm this gives E[δ_{l−1}²]/E[δ_l²] = E[f′²]/Var f = π/(π − 1)
 * ≈ 1.467, Yang et al. 2019's rate in the limit of wide layers and large batches; with LayerNorm
 * E[f′²]/E[f²] = 1 for ReLU at any σ_w² (the mean of h is kept by LayerNorm, removed by BatchNorm).
 */
import type { SimConfig } from './config';
import { gaussianExpectation } from './gauss';
import { weightDistribution } from './inits';
import { NORM_EPS } from './layers';
import type { RunActivation } from './specs';
import type { RunTheoryInfo } from './stats';
import { meanFieldCaveats } from './theory-caveats';
import {
  depthScale, derivativeMomentOf, meanOf, mixtureOf, mixturePhasePoint, secondMomentOf, type Mixture,
} from './theory';

/** Per-layer predictions for one activation of a config; arrays are indexed layer − 1. */
export interface LayerTheory {
  run: RunTheoryInfo;
  /** q_l = E[s_l²]. */
  q: number[];
  /** E[δ_l²]/E[δ_{l+1}²] (the entry for the output layer is unused). */
  chi: number[];
  /** √E[δ_l²] (0 where float64 cannot hold it). */
  deltaRms: number[];
  /** log₁₀ √E[δ_l²], finite at any depth. */
  deltaLog10: number[];
  /** log₁₀ √E[g_l²]; NaN at the output of a plain net with the random top (g is not defined there). */
  streamGradLog10: number[];
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

const NORM_NOTE = {
  none: undefined,
  layer: 'LayerNorm pins q to 1 and χ follows from q = 1 (wide layers, with the (n − 2)/(n − 3) of n units per layer)',
  batch: 'BatchNorm: wide layers, each unit i.i.d. over a batch of B, with (B − 2)/(B − 3) per layer (Yang et al. 2019\'s π/(π − 1) for ReLU as B grows)',
} as const;
const STREAM_NOTE = 'residual stream: q and the gradient grow with depth, there is no fixed point (Yang & Schoenholz 2017); χ₁ and ξ are not defined';
/**
 * Without a normalization, an activation of nonzero mean (ReLU's family) gives the stream a common
 * mean along which the forward pass and the backward pass share W_l (through W_l·1): the
 * gradient-independence assumption fails. Measured with an independent float64 model: residual
 * ReLU at He init, α = 1, multiplies E[g²] by 2.8–2.9 per layer 25 layers below the output against
 * the predicted 2, at widths 128, 512 and 1024 alike, while fresh backward weights give 2.0.
 */
const NO_GRADIENT_NOTE = 'no prediction of δ and g: with a residual stream and an activation of nonzero mean, the stream\'s mean couples the forward and backward passes, which the mean-field theory\'s gradient independence leaves out (only q is predicted)';
const SMALL_GROUP_NOTE = 'no prediction of δ and g: the normalization runs over fewer than 4 values';

/**
 * The finite-group factor of E[e²]/E[δ²]·σ² for a normalization over `count` values (the batch for
 * BatchNorm, the units for LayerNorm): N′ᵀ projects δ off two directions (the constant and s), which
 * keeps (count − 2)/count of it, and 1/σ² averages to count/((count − 3)·E[σ²]) for a σ² that is
 * E[σ²]·χ²_{count−1}/count: (count − 2)/(count − 3). It brings BatchNorm's rate at batch 64 from
 * π/(π − 1) ≈ 1.467 to 1.491, against 1.485 measured at width 512.
 */
function normGain(count: number): number {
  return (count - 2) / (count - 3);
}

interface PartMoments {
  share: number;
  F: (q: number) => number;
  mu: (q: number) => number;
  D: (q: number) => number;
}

/** E[δ_L²] of the mse top: E[(h_L − t)² f′(s_L)²] per part, h_L = f(s_L) or h_{L−1} + α f(s_L) (mean m, second moment p). */
function mseTop(mix: Mixture, q: number, alpha: number, below: { p: number[]; m: number[] }): number {
  return mix.reduce((sum, { act, back, share }, k) => {
    if (share === 0) return sum;
    const kinks = [...new Set([...act.def.kinks, ...back.def.kinks])];
    const e = (g: (f: number, d2: number) => number): number =>
      gaussianExpectation((x) => { const d = back.def.df(x, back.param); return g(act.def.f(x, act.param), d * d); }, q, kinks);
    // plain: E[(f² + 1) f′²]; stream: α²·E[((h_{L−1} + α f)² + 1) f′²] with h_{L−1} independent of s_L.
    const value = alpha > 0
      ? alpha * alpha * e((f, d2) => (below.p[k] + 2 * alpha * below.m[k] * f + alpha * alpha * f * f + 1) * d2)
      : e((f, d2) => (f * f + 1) * d2);
    return sum + share * value;
  }, 0);
}

/** The mean-field prediction for `run`, one of config.activations. */
export function layerTheory(config: SimConfig, run: RunActivation): LayerTheory {
  const { sigmaW2, sigmaB2, depth, alpha, norm } = config;
  const mix = mixtureOf(run, config.width);
  const parts: PartMoments[] = mix.map(({ act, back, share }) => ({ share, F: secondMomentOf(act), mu: meanOf(act), D: derivativeMomentOf(back) }));
  const K = parts.length;
  const count = norm === 'batch' ? config.batch : config.width;
  const gradientNote = norm !== 'none' && count < 4 ? SMALL_GROUP_NOTE
    : alpha > 0 && norm === 'none' && parts.some((pm) => pm.share > 0 && Math.abs(pm.mu(1)) > 1e-12) ? NO_GRADIENT_NOTE : undefined;
  const mean = (x: (p: PartMoments, k: number) => number): number => parts.reduce((a, p, k) => (p.share > 0 ? a + p.share * x(p, k) : a), 0);

  // Forward: per part k the stream's second moment p, mean m and batch variance w of h_l.
  const x2 = config.inputStd ** 2;
  let p = new Array<number>(K).fill(x2), m = new Array<number>(K).fill(0), w = new Array<number>(K).fill(x2);
  const q = new Array<number>(depth), gain = new Array<number>(depth), Dbar = new Array<number>(depth);
  let beforeTop = { p, m };
  const needsMean = alpha > 0 || norm === 'batch';
  for (let l = 0; l < depth; l++) {
    const v = sigmaW2 * mean((_, k) => p[k]) + sigmaB2;
    const a = sigmaW2 * mean((_, k) => w[k]);
    const ql = norm === 'none' ? v : norm === 'layer' ? v / (v + NORM_EPS) : a / (a + NORM_EPS);
    q[l] = ql;
    gain[l] = norm === 'none' ? 1 : normGain(norm === 'layer' ? config.width : config.batch) / ((norm === 'layer' ? v : a) + NORM_EPS);
    Dbar[l] = mean((pm) => pm.D(ql));
    if (l === depth - 1) beforeTop = { p, m };
    // The mean enters only through the stream and BatchNorm's batch variance; a plain net's q may fall
    // to 1e−40 and below, where E[f] of a smooth f (gelu, swish) is a cancellation the quadrature cannot resolve.
    const F = parts.map((pm) => pm.F(ql)), mu = needsMean ? parts.map((pm) => pm.mu(ql)) : F.map(() => NaN);
    if (alpha > 0) {
      p = p.map((pk, k) => pk + 2 * alpha * m[k] * mu[k] + alpha * alpha * F[k]);
      m = m.map((mk, k) => mk + alpha * mu[k]);
      w = w.map((wk, k) => wk + alpha * alpha * (F[k] - mu[k] * mu[k]));
    } else {
      p = F;
      m = mu;
      w = F.map((f, k) => f - mu[k] * mu[k]);
    }
  }
  const pTop = mean((_, k) => p[k]);

  // Backward, in logarithms: thousands of layers of decay underflow float64 long before the end.
  const logD2 = new Array<number>(depth), logG2 = new Array<number>(depth);
  const L = depth - 1;
  if (config.top === 'mse') {
    logG2[L] = Math.log(pTop + 1);
    logD2[L] = Math.log(mseTop(mix, q[L], alpha, beforeTop));
  } else if (alpha > 0) {
    logG2[L] = 0;
    logD2[L] = Math.log(alpha * alpha * Dbar[L]);
  } else {
    logG2[L] = NaN;
    logD2[L] = 0;
  }
  for (let l = L - 1; l >= 0; l--) {
    // e_{l+1} = N′ᵀ δ_{l+1}: σ_w² γ E[δ²] reaches g_l through W_{l+1}ᵀ.
    const through = Math.log(sigmaW2 * gain[l + 1]) + logD2[l + 1];
    if (alpha > 0) {
      logG2[l] = logG2[l + 1] + Math.log1p(Math.exp(through - logG2[l + 1]));
      logD2[l] = Math.log(alpha * alpha * Dbar[l]) + logG2[l];
    } else {
      logG2[l] = through;
      logD2[l] = through + Math.log(Dbar[l]);
    }
  }
  // The output layer's entry (unused) is the factor a layer above it would give.
  const topFactor = sigmaW2 * gain[L] * Dbar[L];
  const chi = logD2.map((x, l) => (l < L ? Math.exp(x - logD2[l + 1]) : alpha > 0 ? 1 + alpha * alpha * topFactor : topFactor));
  if (gradientNote) [logD2, logG2, chi].forEach((xs) => xs.fill(NaN));
  const deltaLog10 = logD2.map((x) => x / (2 * Math.LN10));
  const deltaRms = logD2.map((x) => (Number.isNaN(x) ? NaN : Math.exp(0.5 * x)));
  const streamGradLog10 = logG2.map((x) => x / (2 * Math.LN10));

  const init = initNote(config);
  const point = runPoint(config, mix, q, chi);
  const notes = [
    init.note, NORM_NOTE[norm], alpha > 0 ? STREAM_NOTE : undefined, gradientNote, config.top === 'mse' && !gradientNote ? MSE_NOTE : undefined,
    ...(init.gaussian ? plainCaveats(config, run, parts, q, chi, point) : []),
  ].filter((n) => n !== undefined);
  return {
    run: { ...point, sigmaW2, sigmaB2, gaussian: init.gaussian, ...(notes.length ? { note: notes.join('; ') } : {}) },
    q, chi, deltaRms, deltaLog10, streamGradLog10,
  };
}

/**
 * The theory atlas's caveats (src/sim/theory-caveats.ts): it mapped plain nets of one activation,
 * so a residual, normalized or mixed net gets none.
 */
function plainCaveats(
  config: SimConfig, run: RunActivation, parts: readonly PartMoments[], q: readonly number[], chi: readonly number[], point: ReturnType<typeof runPoint>,
): string[] {
  if (config.alpha > 0 || config.norm !== 'none' || parts.length !== 1) return [];
  const { sigmaW2, sigmaB2 } = config;
  const [{ F, D }] = parts;
  const [part] = run.parts;
  const act = mixtureOf(run)[0].act;
  return meanFieldCaveats({
    act, exactDerivative: part.derivative.id === part.id && part.derivative.param === part.param,
    V: (x) => sigmaW2 * F(x) + sigmaB2, chiOf: (x) => (sigmaW2 === 0 ? 0 : sigmaW2 * D(x)), q, chi, point, width: config.width,
  });
}

/**
 * q*, χ₁ and ξ of the run: a plain net's fixed point (Poole et al. 2016); a normalized plain net's is
 * reached at once (q is pinned), its χ₁ the per-layer factor there; a residual net has none.
 */
function runPoint(config: SimConfig, mix: Mixture, q: readonly number[], chi: readonly number[]): Pick<RunTheoryInfo, 'qStar' | 'chi1' | 'depthScale' | 'orderedPhase'> {
  if (config.alpha > 0) return { qStar: Infinity, chi1: NaN, depthScale: NaN, orderedPhase: false };
  if (config.norm === 'none') return mixturePhasePoint(mix, config.sigmaW2, config.sigmaB2, q[0]);
  // From layer 2 on every layer repeats layer 1's statistics (its input is normalized too).
  const at = Math.min(1, q.length - 1);
  const chi1 = q.length > 2 ? chi[at] : chi[0];
  return { qStar: q[at], chi1, depthScale: depthScale(chi1), orderedPhase: chi1 < 1 };
}
