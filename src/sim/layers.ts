/**
 * The CPU versions of the GPU kernels, one function per WGSL kernel and named after it
 * (shaders/forward.wgsl → forwardLayer, shaders/backward.wgsl → backwardLayer, …), the same on
 * both CPU engines: each layer's O(n²)·batch product is the backend's (src/sim/backend.ts: float64
 * accumulation on the reference, the WebAssembly kernels on `cpu`), the elementwise work around it
 * is here. Layouts match the GPU: activations are batch-major rows [b * n + j]; W_l is [out][in]
 * row-major. Values are stored in float32 like the GPU's buffers. δ and a rescaled forward pass are
 * stored as δ̃ and s̃, h̃ (their exponents are carried by the caller, src/sim/cpu-engine.ts; see
 * src/sim/exponent.ts).
 */
import type { ActivationDef } from './activations';
import type { CpuBackend, LayerShape } from './backend';
import { Stream, fillValues, normal, streamKey, type Fill } from './generator';
import { FLOAT32_MIN_NORMAL, mulPow2F32 } from './exponent';
import { weightDistribution, type InitSpec } from './inits';
import { orthogonalMatrix } from './orthogonal';
import { ScaledSum, fprimeBin, type RawLayerStats } from './stats';

// The generation functions draw through `fill` (default the TypeScript generator; a CPU backend's
// fill gives the same values on every core).

/** generate.wgsl: h_0 = x ~ N(0, 1), index b·n + j, into `x` if given. */
export function generateInput(seed: number, batch: number, n: number, x: Float32Array = new Float32Array(batch * n), fill: Fill = fillValues): Float32Array {
  fill(x, { dist: 'normal', key: streamKey(seed, Stream.input, 0), scale: 1 });
  return x;
}

/** generate.wgsl: W_l for layer `layer` (1-based), index i·nIn + j, into `w` (zero-filled) if given. */
export function generateWeights(
  seed: number, layer: number, nIn: number, nOut: number, init: InitSpec, w: Float32Array = new Float32Array(nOut * nIn),
  fill: Fill = fillValues,
): Float32Array {
  const d = weightDistribution(init, nIn, nOut);
  const key = streamKey(seed, Stream.weight, layer);
  switch (d.kind) {
    case 'zeros':
      return w;
    case 'normal':
      fill(w, { dist: 'normal', key, scale: d.std });
      return w;
    case 'uniform':
      fill(w, { dist: 'uniform', key, scale: d.limit });
      return w;
    case 'orthogonal':
      if (nIn !== nOut) throw new Error('orthogonal init needs square layers');
      w.set(orthogonalMatrix(nIn, seed, layer, d.gain));
      return w;
  }
}

/** generate.wgsl: b_l ~ N(0, σ_b²), or null when σ_b² = 0; `alloc` gives the array. */
export function generateBias(
  seed: number, layer: number, nOut: number, sigmaB2: number, alloc = (floats: number): Float32Array => new Float32Array(floats),
  fill: Fill = fillValues,
): Float32Array | null {
  if (sigmaB2 === 0) return null;
  const b = alloc(nOut);
  fill(b, { dist: 'normal', key: streamKey(seed, Stream.bias, layer), scale: Math.sqrt(sigmaB2) });
  return b;
}

/** forward.wgsl: s = W h_prev + b (the backend's product) and h = f(s) for a batch; an s float32 cannot hold is NaN. */
export function forwardLayer(
  backend: CpuBackend, w: Float32Array, bias: Float32Array | null, hPrev: Float32Array, s: Float32Array, h: Float32Array,
  shape: LayerShape, act: ActivationDef, p: number,
): void {
  backend.forward(s, hPrev, w, bias, shape);
  for (let k = 0; k < shape.batch * shape.nOut; k++) {
    // Beyond float32 an s is stored as NaN, as on the GPU (overflow_to_nan in activationWgsl).
    if (!Number.isFinite(s[k])) s[k] = NaN;
    h[k] = act.f(s[k], p);
  }
}

/** h = f(s) again from stored pre-activations (the backward pass and weight gradients need h_{l−1}). */
export function applyActivation(s: Float32Array, h: Float32Array, act: ActivationDef, p: number): void {
  for (let k = 0; k < s.length; k++) h[k] = act.f(s[k], p);
}

/** top_delta.wgsl, random mode: δ_depth ~ N(0, 1), into `d` if given. */
export function topDeltaRandom(
  seed: number, depth: number, batch: number, n: number, d: Float32Array = new Float32Array(batch * n), fill: Fill = fillValues,
): Float32Array {
  fill(d, { dist: 'normal', key: streamKey(seed, Stream.topDelta, depth), scale: 1 });
  return d;
}

/**
 * top_delta.wgsl, mse mode: δ_depth = (h − t) ⊙ f′(s) for L = ½‖h − t‖², t ~ N(0, 1), from the
 * stored h̃ = h · 2^−F (F = forwardExp2; f′ is scale-invariant where the forward pass is rescaled).
 * For F ≥ 0 it returns δ̃ = (h̃ − t·2^−F) ⊙ f′ with exponent F, else δ = (h̃·2^F − t) ⊙ f′ with
 * exponent 0: the factor 2^±F only ever shrinks a term, so nothing overflows.
 */
export function topDeltaMse(
  seed: number, depth: number, s: Float32Array, h: Float32Array, dfAct: ActivationDef, dp: number, forwardExp2: number,
  d: Float32Array = new Float32Array(s.length),
): { delta: Float32Array; exp2: number } {
  const key = streamKey(seed, Stream.target, depth);
  const F = forwardExp2;
  for (let k = 0; k < s.length; k++) {
    const t = normal(key, k);
    const diff = F >= 0 ? h[k] - mulPow2F32(t, -F) : mulPow2F32(h[k], F) - t;
    d[k] = Math.fround(diff) * Math.fround(dfAct.df(s[k], dp));
  }
  return { delta: d, exp2: Math.max(F, 0) };
}

/**
 * backward.wgsl: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l), the product the backend's. W is [nOut][nIn]
 * of layer l+1, dNext is batch × nOut, sPrev and dOut are batch × nIn.
 */
export function backwardLayer(
  backend: CpuBackend, w: Float32Array, dNext: Float32Array, sPrev: Float32Array, dOut: Float32Array,
  shape: LayerShape, dfAct: ActivationDef, dp: number,
): void {
  backend.backward(dOut, dNext, w, shape);
  applyDerivative(dOut, sPrev, shape.batch * shape.nIn, dfAct, dp);
}

/** g ⊙ f′(s) in place over the first `count` entries, each f′ rounded to float32 first (as the GPU holds it). */
export function applyDerivative(g: Float32Array, s: Float32Array, count: number, dfAct: ActivationDef, dp: number): void {
  for (let k = 0; k < count; k++) g[k] = g[k] * Math.fround(dfAct.df(s[k], dp));
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
 * With `applyDerivative`, d holds Wᵀδ̃_{l+1} and becomes δ̃_l = d ⊙ f′(s) first, in the same pass
 * (backward.wgsl's epilogue: f′ is evaluated once for both).
 */
export function backwardStats(
  d: Float32Array, s: Float32Array, batch: number, n: number, dfAct: ActivationDef, dp: number, raw: RawLayerStats,
  unitRms: Float32Array | null, hist: Uint32Array | null, applyDerivative = false,
): void {
  const delta = new ScaledSum();
  let inf = 0, nan = 0, zeros = 0, sumAbsDf = 0, dfZeros = 0;
  for (let k = 0; k < d.length; k++) {
    const df = Math.fround(dfAct.df(s[k], dp));
    if (applyDerivative) d[k] = d[k] * df;
    const x = d[k];
    if (Number.isNaN(x)) nan++;
    else if (!Number.isFinite(x)) inf++;
    else delta.add(x);
    if (Math.abs(x) < FLOAT32_MIN_NORMAL) zeros++;
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

/**
 * weight_grad.wgsl: RMS of G = δ_l h_{l−1}ᵀ / batch as a scaled sum of squares; G (nOut × nIn, the
 * backend's product) lands in `g`.
 */
export function weightGradStats(
  backend: CpuBackend, d: Float32Array, hPrev: Float32Array, g: Float32Array, shape: LayerShape, raw: RawLayerStats,
): void {
  backend.weightGrad(g, d, hPrev, 1 / shape.batch, shape);
  const grad = new ScaledSum();
  for (let k = 0; k < shape.nIn * shape.nOut; k++) if (Number.isFinite(g[k])) grad.add(g[k]);
  raw.weightGrad = { scale: grad.scale, ssq: grad.ssq };
}
