/**
 * CPU versions of the training kernels, named after them. The full mapping, GPU → CPU:
 *   train_gather.wgsl       → gatherBatch (here)
 *   forward.wgsl + train_bias_act.wgsl → forwardLayer (src/sim/layers.ts; the product the backend's, f there)
 *   train_loss.wgsl         → lossHead (losses.ts)
 *   train_weight_grad.wgsl  → the backend's weightGrad (src/sim/backend.ts) and biasGrad (here)
 *   backward.wgsl + train_act_backward.wgsl → the backend's backward and applyDerivative (src/sim/layers.ts)
 *   train_prelu_grad.wgsl   → preluSlopeGrad (here)
 *   train_update.wgsl       → optimizerUpdate (optimizers.ts)
 *   train_unit_stats.wgsl   → accumulateLayer (tracking.ts)
 *   train_segment_rms.wgsl  → scaledSquaresOf (tracking.ts)
 */
import { Stream, bits, streamKey } from '../generator';

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
 * over the layer's `count` entries, where g = Wᵀδ_next is ∂ℓ/∂h (the backend's product, before ⊙ f′).
 */
export function preluSlopeGrad(g: Float32Array, s: Float32Array, count: number, scale: number): number {
  let total = 0;
  for (let k = 0; k < count; k++) if (s[k] < 0) total += g[k] * s[k];
  return total * scale;
}
