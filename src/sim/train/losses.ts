/**
 * Losses at the head, the CPU version of shaders/train_loss.wgsl. The head is linear, so its
 * outputs z are the logits (classification) or the predictions (regression).
 *
 *  - softmax cross-entropy: ℓ = logΣ_k e^{z_k} − Σ_k y_k z_k (y one-hot), δ = softmax(z) − y;
 *  - squared error: ℓ = ½ Σ_k (z_k − y_k)², δ = z − y.
 *
 * δ is per example (∂ℓ_b/∂z_b); the mean over the batch enters through the weight gradients'
 * 1/batch (∂L/∂W = δ hᵀ / batch), so deltaRms is comparable across batch sizes.
 */
export type LossKind = 'cross-entropy' | 'mse';

export interface LossSums {
  /** Σ_b ℓ_b (float64); the mean loss is lossSum / batch. */
  lossSum: number;
  /** Examples whose largest output is at the largest target (argmax, first index on ties). */
  correct: number;
}

function argmax(a: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (a[offset + k] > a[offset + best]) best = k;
  return best;
}

/** train_loss.wgsl: loss sums over the batch and δ at the head (written to `delta`, batch × outputs). */
export function lossHead(
  z: Float32Array, y: Float32Array, batch: number, outputs: number, kind: LossKind, delta: Float32Array | null,
): LossSums {
  let lossSum = 0;
  let correct = 0;
  for (let b = 0; b < batch; b++) {
    const o = b * outputs;
    if (kind === 'cross-entropy') {
      let max = -Infinity;
      for (let k = 0; k < outputs; k++) max = Math.max(max, z[o + k]);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(z[o + k] - max);
      const logSum = max + Math.log(sum);
      let dot = 0;
      for (let k = 0; k < outputs; k++) {
        dot += y[o + k] * z[o + k];
        if (delta) delta[o + k] = Math.exp(z[o + k] - logSum) - y[o + k];
      }
      lossSum += logSum - dot;
      if (argmax(z, o, outputs) === argmax(y, o, outputs)) correct++;
    } else {
      let l = 0;
      for (let k = 0; k < outputs; k++) {
        const e = z[o + k] - y[o + k];
        l += e * e;
        if (delta) delta[o + k] = e;
      }
      lossSum += 0.5 * l;
    }
  }
  return { lossSum, correct };
}
