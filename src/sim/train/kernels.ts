/**
 * CPU versions of the training kernels, named after them. The full mapping, GPU → CPU:
 *   train_gather.wgsl       → gatherBatch (here)
 *   forward.wgsl + train_bias_act.wgsl → forwardLayer (src/sim/layers.ts; the product the backend's, bias, f and the stream there)
 *   train_norm.wgsl         → trainNormForward (here; a normalized layer's bias, N, γ, β, f and stream)
 *   train_loss.wgsl         → lossHead (losses.ts)
 *   train_norm_backward.wgsl → trainNormBackward (here)
 *   train_affine_grad.wgsl  → affineGrad (here)
 *   train_weight_grad.wgsl  → the backend's weightGrad (src/sim/backend.ts) and biasGrad (here)
 *   backward.wgsl + train_act_backward.wgsl → the backend's backward, the stream and ⊙ f′ (backwardLayer, deltaFromStream of src/sim/layers.ts)
 *   train_prelu_grad.wgsl   → preluSlopeGrad (here)
 *   train_update.wgsl       → optimizerUpdate (optimizers.ts)
 *   train_unit_stats.wgsl   → accumulateLayer (tracking.ts)
 *   train_segment_rms.wgsl  → scaledSquaresOf (tracking.ts)
 */
import type { NormKind } from '../config-fields';
import { Stream, bits, streamKey } from '../generator';
import { NORM_EPS, activationEpilogue, normBackward, normGroups, type UnitActs } from '../layers';

/** The per-run key of the minibatch sampler (stream `task`, layer 3). */
export function batchKey(seed: number): number {
  return streamKey(seed, Stream.task, 3);
}

/**
 * Index of the b-th example of step t's minibatch (t 1-based): the whole set in order when the batch
 * is the whole set, else uniform with replacement, bits(key, (t−1)·B + b) mod n (u32 wrap-around,
 * as in WGSL; the modulo bias is below n/2³² and irrelevant here).
 */
export function batchIndex(key: number, t: number, b: number, batch: number, n: number): number {
  if (batch === n) return b;
  const counter = (Math.imul(t - 1, batch) + b) >>> 0;
  return bits(key, counter) % n;
}

/** train_gather.wgsl: copies step t's minibatch rows of x (n × dIn) and y (n × outs). */
export function gatherBatch(
  key: number, t: number, x: Float32Array, y: Float32Array, n: number, dIn: number, outs: number,
  batch: number, xb: Float32Array, yb: Float32Array,
): void {
  for (let b = 0; b < batch; b++) {
    const i = batchIndex(key, t, b, batch, n);
    for (let j = 0; j < dIn; j++) xb[b * dIn + j] = x[i * dIn + j];
    for (let k = 0; k < outs; k++) yb[b * outs + k] = y[i * outs + k];
  }
}

/** train_weight_grad.wgsl's bias part: ∂L/∂b = scale · Σ_b δ (δ is batch × nOut). */
export function biasGrad(d: Float32Array, batch: number, nOut: number, gB: Float32Array, scale: number): void {
  for (let i = 0; i < nOut; i++) {
    let sum = 0;
    for (let b = 0; b < batch; b++) sum += d[b * nOut + i];
    gB[i] = sum * scale;
  }
}

/**
 * train_prelu_grad.wgsl: ∂L/∂a for a PReLU layer with one learned slope a, scale · Σ g · min(s, 0)
 * over the layer's `count` entries, where g = ∂ℓ/∂h of the layer (backwardLayer's output, before
 * ⊙ f′; the scale carries the stream's α of h = h_prev + α·f(s)).
 */
export function preluSlopeGrad(g: Float32Array, s: Float32Array, count: number, scale: number): number {
  let total = 0;
  for (let k = 0; k < count; k++) if (s[k] < 0) total += g[k] * s[k];
  return total * scale;
}

/** How a normalized layer is evaluated: batch statistics (`step` also updates the running averages), or BatchNorm's running averages (`eval`). */
export type NormMode = 'step' | 'train' | 'eval';

/** BatchNorm's running averages: r ← (1 − m)·r + m·batch value, with the unbiased batch variance (as PyTorch's default momentum 0.1). */
export const RUNNING_MOMENTUM = 0.1;

/** One normalized layer's state for train_norm.wgsl: its γ, β, running averages (BatchNorm) and where ŝ and 1/σ go. */
export interface NormLayer {
  kind: Exclude<NormKind, 'none'>;
  gamma: Float32Array;
  beta: Float32Array;
  runMean: Float32Array;
  runVar: Float32Array;
  /** ŝ = N(u) (before γ, β) and 1/σ per group, kept for the backward pass. */
  sHat: Float32Array;
  invStd: Float32Array;
}

/**
 * train_norm.wgsl: the normalized layer after u = W h + b (in `s`): ŝ = (u − mean)/√(var + ε) over
 * each group (batch statistics, or in `eval` mode BatchNorm's running averages), s = γ ⊙ ŝ + β in
 * place, then the forward epilogue h = f(s) or h_prev + α·f(s) (src/sim/layers.ts).
 */
export function trainNormForward(
  s: Float32Array, layer: NormLayer, hPrev: Float32Array, h: Float32Array, batch: number, n: number, mode: NormMode, acts: UnitActs, alpha: number,
): void {
  const { groups, count, at } = normGroups(layer.kind, batch, n);
  const running = layer.kind === 'batch' && mode === 'eval';
  for (let g = 0; g < groups; g++) {
    let mean: number, v: number;
    if (running) {
      mean = layer.runMean[g];
      v = layer.runVar[g];
    } else {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += s[at(g, i)];
      mean = sum / count;
      let sq = 0;
      for (let i = 0; i < count; i++) sq += (s[at(g, i)] - mean) ** 2;
      v = sq / count;
      if (mode === 'step' && layer.kind === 'batch') {
        layer.runMean[g] = (1 - RUNNING_MOMENTUM) * layer.runMean[g] + RUNNING_MOMENTUM * mean;
        layer.runVar[g] = (1 - RUNNING_MOMENTUM) * layer.runVar[g] + RUNNING_MOMENTUM * (v * count) / (count - 1);
      }
    }
    const r = Math.fround(1 / Math.sqrt(v + NORM_EPS));
    if (!running) layer.invStd[g] = r;
    const m = Math.fround(mean);
    for (let i = 0; i < count; i++) {
      const k = at(g, i);
      const j = k % n;
      const sh = Math.fround(Math.fround(s[k] - m) * r);
      layer.sHat[k] = sh;
      s[k] = Math.fround(layer.gamma[j] * sh) + layer.beta[j];
    }
  }
  activationEpilogue(s, hPrev, h, batch, n, acts, alpha);
}

/**
 * train_norm_backward.wgsl: e = ∂ℓ/∂u = N′ᵀ(γ ⊙ δ) from δ = ∂ℓ/∂s of a normalized layer, with the
 * batch statistics of its forward pass (ŝ and 1/σ). `scratch` holds γ ⊙ δ.
 */
export function trainNormBackward(d: Float32Array, layer: NormLayer, e: Float32Array, scratch: Float32Array, batch: number, n: number): void {
  for (let k = 0; k < batch * n; k++) scratch[k] = Math.fround(layer.gamma[k % n] * d[k]);
  normBackward(scratch, layer.sHat, layer.invStd, e, batch, n, layer.kind);
}

/** train_affine_grad.wgsl: ∂L/∂γ = scale·Σ_b δ ŝ and ∂L/∂β = scale·Σ_b δ per unit. */
export function affineGrad(d: Float32Array, sHat: Float32Array, batch: number, n: number, gGamma: Float32Array, gBeta: Float32Array, scale: number): void {
  for (let j = 0; j < n; j++) {
    let sg = 0, sb = 0;
    for (let b = 0; b < batch; b++) { sg += d[b * n + j] * sHat[b * n + j]; sb += d[b * n + j]; }
    gGamma[j] = sg * scale;
    gBeta[j] = sb * scale;
  }
}
