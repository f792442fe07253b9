/**
 * CPU versions of the training kernels, named after them. The full mapping, GPU → CPU:
 *   train_gather.wgsl       → gatherBatch (here)
 *   forward.wgsl + train_bias_act.wgsl → forwardLayer (src/sim/layers.ts; bias and f fused there)
 *   train_loss.wgsl         → lossHead (losses.ts)
 *   train_weight_grad.wgsl  → weightGrad (here)
 *   backward.wgsl + train_act_backward.wgsl → backwardLayer (src/sim/layers.ts; ⊙ f′ fused there)
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

/**
 * train_weight_grad.wgsl: ∂L/∂W = scale · δ hᵀ and ∂L/∂b = scale · Σ_b δ with scale = 1/batch for a
 * mean loss. δ is batch × nOut, hPrev batch × nIn, gW nOut × nIn (row i = output unit), gB nOut.
 */
export function weightGrad(
  d: Float32Array, hPrev: Float32Array, batch: number, nIn: number, nOut: number,
  gW: Float32Array, gB: Float32Array, scale: number, row: Float64Array,
): void {
  for (let i = 0; i < nOut; i++) {
    row.fill(0, 0, nIn);
    let bsum = 0;
    for (let b = 0; b < batch; b++) {
      const di = d[b * nOut + i];
      bsum += di;
      if (di === 0) continue;
      const hb = b * nIn;
      for (let j = 0; j < nIn; j++) row[j] += di * hPrev[hb + j];
    }
    const wi = i * nIn;
    for (let j = 0; j < nIn; j++) gW[wi + j] = row[j] * scale;
    gB[i] = bsum * scale;
  }
}

/**
 * train_prelu_grad.wgsl: ∂L/∂a for a PReLU layer with one learned slope a, scale · Σ_{b,j} g_bj · min(s_bj, 0)
 * where g = Wᵀδ_next is ∂ℓ/∂h (before the ⊙ f′ of backwardLayer). W is the next layer's nOut × nIn.
 */
export function preluSlopeGrad(
  w: Float32Array, dNext: Float32Array, s: Float32Array, batch: number, nIn: number, nOut: number, scale: number,
): number {
  let total = 0;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < nIn; j++) {
      const x = s[b * nIn + j];
      if (!(x < 0)) continue;
      let g = 0;
      for (let i = 0; i < nOut; i++) g += w[i * nIn + j] * dNext[b * nOut + i];
      total += g * x;
    }
  }
  return total * scale;
}
