/**
 * The CPU versions of the GPU kernels, one function per WGSL kernel and named after it
 * (shaders/forward.wgsl → forwardLayer, shaders/backward.wgsl → backwardLayer, …).
 * Layouts match the GPU: activations are batch-major rows [b * n + j]; W_l is [out][in] row-major.
 * Values are stored in float32 like the GPU's buffers; sums are accumulated in float64. δ and a
 * rescaled forward pass are stored as δ̃ and s̃, h̃ (their exponents are carried by the caller,
 * src/sim/cpu-engine.ts; see src/sim/exponent.ts).
 */
import type { ActivationDef } from './activations';
import { Stream, fillNormal, fillUniform, normal, streamKey } from './generator';
import { FLOAT32_MIN_NORMAL, mulPow2F32 } from './exponent';
import { weightDistribution, type InitSpec } from './inits';
import { orthogonalMatrix } from './orthogonal';
import { ScaledSum, fprimeBin, type RawLayerStats } from './stats';

/** generate.wgsl: h_0 = x ~ N(0, 1), index b·n + j. */
export function generateInput(seed: number, batch: number, n: number): Float32Array {
  return fillNormal(new Float32Array(batch * n), streamKey(seed, Stream.input, 0), 1);
}

/** generate.wgsl: W_l for layer `layer` (1-based), index i·nIn + j. */
export function generateWeights(seed: number, layer: number, nIn: number, nOut: number, init: InitSpec): Float32Array {
  const d = weightDistribution(init, nIn, nOut);
  const key = streamKey(seed, Stream.weight, layer);
  const w = new Float32Array(nOut * nIn);
  switch (d.kind) {
    case 'zeros':
      return w;
    case 'normal':
      return fillNormal(w, key, d.std);
    case 'uniform':
      return fillUniform(w, key, d.limit);
    case 'orthogonal':
      if (nIn !== nOut) throw new Error('orthogonal init needs square layers');
      return orthogonalMatrix(nIn, seed, layer, d.gain);
  }
}

/** generate.wgsl: b_l ~ N(0, σ_b²), or null when σ_b² = 0. */
export function generateBias(seed: number, layer: number, nOut: number, sigmaB2: number): Float32Array | null {
  if (sigmaB2 === 0) return null;
  return fillNormal(new Float32Array(nOut), streamKey(seed, Stream.bias, layer), Math.sqrt(sigmaB2));
}

/** forward.wgsl: s = W h_prev + b and h = f(s) for a batch; an s float32 cannot hold is NaN. */
export function forwardLayer(
  w: Float32Array, bias: Float32Array | null, hPrev: Float32Array, s: Float32Array, h: Float32Array,
  batch: number, nIn: number, nOut: number, act: ActivationDef, p: number,
): void {
  const n4 = nIn - (nIn % 4);
  for (let b = 0; b < batch; b++) {
    const hb = b * nIn;
    const ob = b * nOut;
    for (let i = 0; i < nOut; i++) {
      const wi = i * nIn;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      let j = 0;
      for (; j < n4; j += 4) {
        a0 += w[wi + j] * hPrev[hb + j];
        a1 += w[wi + j + 1] * hPrev[hb + j + 1];
        a2 += w[wi + j + 2] * hPrev[hb + j + 2];
        a3 += w[wi + j + 3] * hPrev[hb + j + 3];
      }
      for (; j < nIn; j++) a0 += w[wi + j] * hPrev[hb + j];
      s[ob + i] = a0 + a1 + a2 + a3 + (bias ? bias[i] : 0);
      // Beyond float32 an s is stored as NaN, as on the GPU (overflow_to_nan in activationWgsl).
      if (!Number.isFinite(s[ob + i])) s[ob + i] = NaN;
      h[ob + i] = act.f(s[ob + i], p);
    }
  }
}

/** h = f(s) again from stored pre-activations (the backward pass and weight gradients need h_{l−1}). */
export function applyActivation(s: Float32Array, h: Float32Array, act: ActivationDef, p: number): void {
  for (let k = 0; k < s.length; k++) h[k] = act.f(s[k], p);
}

/** top_delta.wgsl, random mode: δ_depth ~ N(0, 1). */
export function topDeltaRandom(seed: number, depth: number, batch: number, n: number): Float32Array {
  return fillNormal(new Float32Array(batch * n), streamKey(seed, Stream.topDelta, depth), 1);
}

/**
 * top_delta.wgsl, mse mode: δ_depth = (h − t) ⊙ f′(s) for L = ½‖h − t‖², t ~ N(0, 1), from the
 * stored h̃ = h · 2^−F (F = forwardExp2; f′ is scale-invariant where the forward pass is rescaled).
 * For F ≥ 0 it returns δ̃ = (h̃ − t·2^−F) ⊙ f′ with exponent F, else δ = (h̃·2^F − t) ⊙ f′ with
 * exponent 0: the factor 2^±F only ever shrinks a term, so nothing overflows.
 */
export function topDeltaMse(
  seed: number, depth: number, s: Float32Array, h: Float32Array, dfAct: ActivationDef, dp: number, forwardExp2: number,
): { delta: Float32Array; exp2: number } {
  const key = streamKey(seed, Stream.target, depth);
  const d = new Float32Array(s.length);
  const F = forwardExp2;
  for (let k = 0; k < s.length; k++) {
    const t = normal(key, k);
    const diff = F >= 0 ? h[k] - mulPow2F32(t, -F) : mulPow2F32(h[k], F) - t;
    d[k] = Math.fround(diff) * Math.fround(dfAct.df(s[k], dp));
  }
  return { delta: d, exp2: Math.max(F, 0) };
}

/**
 * backward.wgsl: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l). W is [nOut][nIn] of layer l+1, dNext is
 * batch × nOut, sPrev and dOut are batch × nIn. Row-wise axpy keeps W's reads contiguous.
 */
export function backwardLayer(
  w: Float32Array, dNext: Float32Array, sPrev: Float32Array, dOut: Float32Array,
  batch: number, nIn: number, nOut: number, dfAct: ActivationDef, dp: number, acc: Float64Array,
): void {
  for (let b = 0; b < batch; b++) {
    acc.fill(0, 0, nIn);
    const db = b * nOut;
    for (let i = 0; i < nOut; i++) {
      const d = dNext[db + i];
      if (d === 0) continue;
      const wi = i * nIn;
      for (let j = 0; j < nIn; j++) acc[j] += d * w[wi + j];
    }
    const ob = b * nIn;
    for (let j = 0; j < nIn; j++) dOut[ob + j] = Math.fround(acc[j]) * Math.fround(dfAct.df(sPrev[ob + j], dp));
  }
}

/** forward_stats.wgsl: pre-activation and activation statistics, zero and dead units. */
export function forwardStats(s: Float32Array, h: Float32Array, batch: number, n: number, raw: RawLayerStats): void {
  const pre = new ScaledSum();
  const act = new ScaledSum();
  let nonFinite = 0, zeros = 0;
  for (let k = 0; k < s.length; k++) {
    const x = s[k];
    const y = h[k];
    if (!Number.isFinite(x) || !Number.isFinite(y)) { nonFinite++; continue; }
    pre.add(x);
    act.add(y);
    if (y === 0) zeros++;
  }
  let dead = 0;
  for (let j = 0; j < n; j++) {
    let allZero = true;
    // NaN is not dead: only a finite h of exactly 0 (from a finite s) counts as zero.
    for (let b = 0; b < batch && allZero; b++) if (h[b * n + j] !== 0 || !Number.isFinite(s[b * n + j])) allZero = false;
    if (allZero) dead++;
  }
  raw.preact = { scale: pre.scale, ssq: pre.ssq, sum: pre.sum };
  raw.act = { scale: act.scale, ssq: act.ssq };
  raw.forwardNonFinite = nonFinite;
  raw.zeroCount = zeros;
  raw.deadCount = dead;
}

/**
 * backward_stats.wgsl: δ̃ and f′ statistics; optionally per-unit δ̃ RMS and the |f′| histogram.
 * Values below float32's smallest normal count as zeros, since an adapter may flush them.
 */
export function backwardStats(
  d: Float32Array, s: Float32Array, batch: number, n: number, dfAct: ActivationDef, dp: number, raw: RawLayerStats,
  unitRms: Float32Array | null, hist: Uint32Array | null,
): void {
  const delta = new ScaledSum();
  let inf = 0, nan = 0, zeros = 0, sumAbsDf = 0, dfZeros = 0;
  for (let k = 0; k < d.length; k++) {
    const x = d[k];
    if (Number.isNaN(x)) nan++;
    else if (!Number.isFinite(x)) inf++;
    else delta.add(x);
    if (Math.abs(x) < FLOAT32_MIN_NORMAL) zeros++;
    const df = Math.fround(dfAct.df(s[k], dp));
    if (Number.isFinite(df)) sumAbsDf += Math.abs(df);
    if (Math.abs(df) < FLOAT32_MIN_NORMAL) dfZeros++;
    if (hist) hist[fprimeBin(df)]++;
  }
  if (unitRms) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let b = 0; b < batch; b++) { const x = d[b * n + j]; sum += x * x; }
      unitRms[j] = Math.sqrt(sum / batch);
    }
  }
  raw.delta = { scale: delta.scale, ssq: delta.ssq };
  raw.deltaInf = inf;
  raw.deltaNan = nan;
  raw.deltaZeroCount = zeros;
  raw.sumAbsFprime = sumAbsDf;
  raw.fprimeZeroCount = dfZeros;
}

/** weight_grad.wgsl: RMS of G = δ_l h_{l−1}ᵀ / batch as a scaled sum of squares, without storing G. */
export function weightGradStats(
  d: Float32Array, hPrev: Float32Array, batch: number, nIn: number, nOut: number, raw: RawLayerStats, row: Float64Array,
): void {
  const grad = new ScaledSum();
  for (let i = 0; i < nOut; i++) {
    row.fill(0, 0, nIn);
    for (let b = 0; b < batch; b++) {
      const di = d[b * nOut + i];
      if (di === 0) continue;
      const hb = b * nIn;
      for (let j = 0; j < nIn; j++) row[j] += di * hPrev[hb + j];
    }
    for (let j = 0; j < nIn; j++) {
      const g = Math.fround(row[j] / batch);
      if (Number.isFinite(g)) grad.add(g);
    }
  }
  raw.weightGrad = { scale: grad.scale, ssq: grad.ssq };
}
