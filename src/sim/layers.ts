/**
 * The CPU versions of the GPU kernels, one function per WGSL kernel and named after it
 * (shaders/forward.wgsl → forwardLayer, shaders/norm_forward.wgsl → normForward,
 * shaders/backward.wgsl → backwardLayer, shaders/norm_backward.wgsl → normBackward, …), the same
 * on both CPU engines: each layer's O(n²)·batch product is the backend's (src/sim/backend.ts:
 * float64 accumulation on the reference, the WebAssembly kernels on `cpu`), the elementwise and
 * normalization work around it is here. Layouts match the GPU: activations are batch-major rows
 * [b * n + j]; W_l is [out][in] row-major. Values are stored in float32 like the GPU's buffers;
 * the normalizations' sums are accumulated in float64. g, δ and a rescaled forward pass are stored
 * as g̃, δ̃ and s̃, h̃ (their exponents are carried by the caller, src/sim/cpu-engine.ts; see
 * src/sim/exponent.ts).
 *
 * The layer (README, "The model"): u_l = W_l h_{l−1} + b_l, s_l = N(u_l), h_l = f(s_l) or, with a
 * residual stream, h_l = h_{l−1} + α·f(s_l); backward e_l = N′ᵀ δ_l (= ∂L/∂u_l), g_{l−1} = W_lᵀ e_l
 * (+ g_l with the stream) and δ_{l−1} = g_{l−1} ⊙ f′(s_{l−1}) (times α with the stream).
 */
import { activationDef, type ActivationDef } from './activations';
import type { CpuBackend, LayerShape } from './backend';
import type { NormKind } from './config-fields';
import { Stream, fillValues, normal, streamKey, type Fill } from './generator';
import { FLOAT32_MIN_NORMAL, mulPow2F32 } from './exponent';
import { weightDistribution, type InitSpec } from './inits';
import { orthogonalMatrix } from './orthogonal';
import { partRanges, type RunActivation } from './specs';
import { ScaledSum, fprimeBin, type RawLayerStats } from './stats';

/** A contiguous group of a layer's units [start, end) and the activation (f, or f′ backward) they use. */
export interface UnitGroup {
  start: number;
  end: number;
  def: ActivationDef;
  param: number;
}

/** Which activation each unit of a layer uses: the groups in order, covering every unit (the GPU's per-unit activation ids). */
export type UnitActs = readonly UnitGroup[];

/** One activation on all `width` units. */
export function singleActs(def: ActivationDef, param: number, width: number): UnitActs {
  return [{ start: 0, end: width, def, param }];
}

/** The groups of a network's layer of `width` units: each part's f (`f`), or the f′ its backward pass uses (`df`). */
export function unitActs(run: RunActivation, width: number, which: 'f' | 'df'): UnitActs {
  const ranges = partRanges(run, width);
  return run.parts.map((p, k) => {
    const ref = which === 'f' ? p : p.derivative;
    return { ...ranges[k], def: activationDef(ref), param: ref.param };
  });
}

/** ε of the normalizations: (u − mean)/√(var + ε), as PyTorch's default. */
export const NORM_EPS = 1e-5;

// The generation functions draw through `fill` (default the TypeScript generator; a CPU backend's
// fill gives the same values on every core).

/** generate.wgsl: h_0 = x ~ N(0, std²) (--input-std), index b·n + j, into `x` if given. */
export function generateInput(
  seed: number, batch: number, n: number, x: Float32Array = new Float32Array(batch * n), fill: Fill = fillValues, std = 1,
): Float32Array {
  fill(x, { dist: 'normal', key: streamKey(seed, Stream.input, 0), scale: std });
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


/**
 * forward.wgsl: u = W h_prev + b for a batch (the backend's product) into `s`, an s float32 cannot
 * hold stored as NaN; then, without a normalization (`acts` given), the fused epilogue: h = f(s),
 * or h = h_prev + α·f(s) with the residual stream (α > 0). With a normalization (`acts` null)
 * normForward finishes the layer.
 */
export function forwardLayer(
  backend: CpuBackend, w: Float32Array, bias: Float32Array | null, hPrev: Float32Array, s: Float32Array, h: Float32Array,
  shape: LayerShape, acts: UnitActs | null, alpha = 0,
): void {
  backend.forward(s, hPrev, w, bias, shape);
  // Beyond float32 an s is stored as NaN, as on the GPU (overflow_to_nan in activationWgsl).
  for (let k = 0; k < shape.batch * shape.nOut; k++) if (!Number.isFinite(s[k])) s[k] = NaN;
  if (acts) activationEpilogue(s, hPrev, h, shape.batch, shape.nOut, acts, alpha);
}

/**
 * The forward epilogue of forward.wgsl and norm_forward.wgsl: h = f(s) per unit's activation, or
 * h = h_prev + α·f(s) (in float32: f32(h_prev + f32(α·f))) when α > 0.
 */
export function activationEpilogue(s: Float32Array, hPrev: Float32Array, h: Float32Array, batch: number, n: number, acts: UnitActs, alpha: number): void {
  const a = Math.fround(alpha);
  for (const { start, end, def, param } of acts) {
    for (let b = 0; b < batch; b++) {
      const ob = b * n;
      if (alpha > 0) {
        for (let i = ob + start; i < ob + end; i++) h[i] = hPrev[i] + Math.fround(a * Math.fround(def.f(s[i], param)));
      } else {
        for (let i = ob + start; i < ob + end; i++) h[i] = def.f(s[i], param);
      }
    }
  }
}

/** The groups a normalization reduces over: one per unit (BatchNorm, over the batch) or per example (LayerNorm, over the units). */
export function normGroups(kind: Exclude<NormKind, 'none'>, batch: number, n: number): { groups: number; count: number; at: (g: number, i: number) => number } {
  return kind === 'batch'
    ? { groups: n, count: batch, at: (g, i) => i * n + g }
    : { groups: batch, count: n, at: (g, i) => g * n + i };
}

/**
 * norm_forward.wgsl: s = (u − mean)/√(var + ε) in place over each group (population variance), its
 * 1/√(var + ε) kept per group in `invStd` for the backward pass; then the forward epilogue.
 */
export function normForward(
  s: Float32Array, invStd: Float32Array, hPrev: Float32Array, h: Float32Array, batch: number, n: number,
  kind: Exclude<NormKind, 'none'>, acts: UnitActs, alpha: number,
): void {
  const { groups, count, at } = normGroups(kind, batch, n);
  for (let g = 0; g < groups; g++) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += s[at(g, i)];
    const mean = sum / count;
    let sq = 0;
    for (let i = 0; i < count; i++) sq += (s[at(g, i)] - mean) ** 2;
    const r = Math.fround(1 / Math.sqrt(sq / count + NORM_EPS));
    invStd[g] = r;
    const m = Math.fround(mean);
    for (let i = 0; i < count; i++) { const k = at(g, i); s[k] = Math.fround(s[k] - m) * r; }
  }
  activationEpilogue(s, hPrev, h, batch, n, acts, alpha);
}

/**
 * norm_backward.wgsl: e = N′ᵀ δ = ∂L/∂u from δ = ∂L/∂s, over each group:
 * e = (1/σ)·(δ − mean δ − s·mean(δ s)) with 1/σ = invStd (linear in δ, so δ̃'s exponent carries over).
 */
export function normBackward(
  d: Float32Array, s: Float32Array, invStd: Float32Array, e: Float32Array, batch: number, n: number, kind: Exclude<NormKind, 'none'>,
): void {
  const { groups, count, at } = normGroups(kind, batch, n);
  for (let g = 0; g < groups; g++) {
    let sd = 0, sds = 0;
    for (let i = 0; i < count; i++) { const k = at(g, i); sd += d[k]; sds += d[k] * s[k]; }
    const md = Math.fround(sd / count), mds = Math.fround(sds / count);
    const r = invStd[g];
    for (let i = 0; i < count; i++) {
      const k = at(g, i);
      e[k] = Math.fround(d[k] - md - s[k] * mds) * r;
    }
  }
}

/** h = f(s) again from stored pre-activations (the weight gradients of a plain net need h_{l−1}). */
export function applyActivation(s: Float32Array, h: Float32Array, batch: number, n: number, acts: UnitActs): void {
  for (const { start, end, def, param } of acts) {
    for (let b = 0; b < batch; b++) for (let i = b * n + start; i < b * n + end; i++) h[i] = def.f(s[i], param);
  }
}

/** top_delta.wgsl, random mode: the output's error ~ N(0, 1) (δ_depth of a plain net, g_depth of a residual one), into `d` if given. */
export function topDeltaRandom(
  seed: number, depth: number, batch: number, n: number, d: Float32Array = new Float32Array(batch * n), fill: Fill = fillValues,
): Float32Array {
  fill(d, { dist: 'normal', key: streamKey(seed, Stream.topDelta, depth), scale: 1 });
  return d;
}

/**
 * top_delta.wgsl, mse mode: g_depth = ∂L/∂h = h − t for L = ½‖h − t‖², t ~ N(0, 1), from the stored
 * h̃ = h · 2^−F (F = forwardExp2; f′ is scale-invariant where the forward pass is rescaled), into
 * `g`. For F ≥ 0 it returns g̃ = h̃ − t·2^−F with exponent F, else g = h̃·2^F − t with exponent 0:
 * the factor 2^±F only ever shrinks a term, so nothing overflows.
 */
export function topStreamMse(
  seed: number, depth: number, h: Float32Array, forwardExp2: number, g: Float32Array = new Float32Array(h.length),
): { g: Float32Array; exp2: number } {
  const key = streamKey(seed, Stream.target, depth);
  const F = forwardExp2;
  for (let k = 0; k < h.length; k++) {
    const t = normal(key, k);
    g[k] = F >= 0 ? h[k] - mulPow2F32(t, -F) : mulPow2F32(h[k], F) - t;
  }
  return { g, exp2: Math.max(F, 0) };
}

/**
 * δ from g, the epilogue of top_delta.wgsl and backward.wgsl: δ = c·g ⊙ f′(s) per unit's
 * derivative (c = α with the residual stream, else 1), each f′ rounded to float32 first (as the GPU
 * holds it). backwardStats does the same in its pass where statistics are taken.
 */
export function deltaFromStream(g: Float32Array, s: Float32Array, d: Float32Array, batch: number, n: number, dfActs: UnitActs, c: number): void {
  const cf = Math.fround(c);
  for (const { start, end, def, param } of dfActs) {
    for (let b = 0; b < batch; b++) {
      for (let k = b * n + start; k < b * n + end; k++) d[k] = Math.fround(cf * g[k]) * Math.fround(def.df(s[k], param));
    }
  }
}

/**
 * backward.wgsl's product: g_l = W_{l+1}ᵀ e_{l+1} (the backend's), plus g_{l+1} with the residual
 * stream (`gAbove`). W is [nOut][nIn] of layer l+1, eNext and gAbove are batch × nOut, gOut batch × nIn.
 * δ_l = c·g_l ⊙ f′(s_l) follows: deltaFromStream, or backwardStats's pass.
 */
export function backwardLayer(
  backend: CpuBackend, w: Float32Array, eNext: Float32Array, gAbove: Float32Array | null, gOut: Float32Array, shape: LayerShape,
): void {
  backend.backward(gOut, eNext, w, shape);
  if (gAbove) for (let k = 0; k < shape.batch * shape.nIn; k++) gOut[k] += gAbove[k];
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
 * backward_stats.wgsl: δ̃ and f′ statistics, g̃'s (null where g is not defined: the output of a plain
 * net with the random top); optionally per-unit δ̃ RMS and the |f′| histogram. Values below
 * float32's smallest normal count as zeros, since an adapter may flush them. With `derive` (c), d
 * becomes δ̃ = c·g̃ ⊙ f′(s) first, in the same pass (backward.wgsl's epilogue, as deltaFromStream:
 * f′ is evaluated once for both).
 */
export function backwardStats(
  d: Float32Array, g: Float32Array | null, s: Float32Array, batch: number, n: number, dfActs: UnitActs, raw: RawLayerStats,
  unitRms: Float32Array | null, hist: Uint32Array | null, derive: number | null = null,
): void {
  const delta = new ScaledSum();
  const stream = new ScaledSum();
  let inf = 0, nan = 0, zeros = 0, sumAbsDf = 0, dfZeros = 0, gInf = 0, gNan = 0;
  const cf = Math.fround(derive ?? 1);
  for (const { start, end, def, param } of dfActs) {
    for (let b = 0; b < batch; b++) {
      for (let k = b * n + start; k < b * n + end; k++) {
        const df = Math.fround(def.df(s[k], param));
        if (derive !== null && g) d[k] = Math.fround(cf * g[k]) * df;
        const x = d[k];
        if (Number.isNaN(x)) nan++;
        else if (!Number.isFinite(x)) inf++;
        else delta.add(x);
        if (Math.abs(x) < FLOAT32_MIN_NORMAL) zeros++;
        if (Number.isFinite(df)) sumAbsDf += Math.abs(df);
        if (Math.abs(df) < FLOAT32_MIN_NORMAL) dfZeros++;
        if (hist) hist[fprimeBin(df)]++;
        if (g) {
          const y = g[k];
          if (Number.isNaN(y)) gNan++;
          else if (!Number.isFinite(y)) gInf++;
          else stream.add(y);
        }
      }
    }
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
  raw.stream = { scale: stream.scale, ssq: stream.ssq };
  raw.streamInf = gInf;
  raw.streamNan = gNan;
}

/**
/**
 * weight_grad.wgsl: RMS of G = ∂L/∂W_l / batch = e_l h_{l−1}ᵀ / batch as a scaled sum of squares
 * (`d` is e_l = ∂L/∂u_l: δ_l itself without a normalization); G (nOut × nIn, the backend's product)
 * lands in `g`.
 */
export function weightGradStats(
  backend: CpuBackend, d: Float32Array, hPrev: Float32Array, g: Float32Array, shape: LayerShape, raw: RawLayerStats,
): void {
  backend.weightGrad(g, d, hPrev, 1 / shape.batch, shape);
  const grad = new ScaledSum();
  for (let k = 0; k < shape.nIn * shape.nOut; k++) if (Number.isFinite(g[k])) grad.add(g[k]);
  raw.weightGrad = { scale: grad.scale, ssq: grad.ssq };
}
