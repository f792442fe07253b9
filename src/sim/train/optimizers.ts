/**
 * Optimizers, the CPU version of shaders/train_update.wgsl: one elementwise update over a flat
 * parameter array, its gradient and its state.
 *
 *  - sgd:      w ← w − lr·g
 *  - momentum: v ← μ·v + g;  w ← w − lr·v   (the "heavy ball" form PyTorch uses)
 *  - adam:     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − lr·(m/c₁)/(√(v/c₂) + ε),
 *              c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ (bias correction; Kingma & Ba 2015, Algorithm 1)
 *
 * Weight decay λ is an L2 penalty: g ← g + λ·w before the update (coupled, not AdamW); the trainer
 * applies it to weights only. Values are stored in float32 like the GPU buffers.
 */
import type { OptimizerName, TrainConfig } from './train-config';

export interface OptimizerHyper {
  kind: OptimizerName;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export function hyperOf(c: TrainConfig): OptimizerHyper {
  return { kind: c.optimizer, lr: c.lr, momentum: c.momentum, beta1: c.beta1, beta2: c.beta2, eps: c.eps };
}

/** Adam's bias corrections for step t (1-based); the GPU gets these per step as uniforms. */
export function biasCorrections(h: OptimizerHyper, t: number): { c1: number; c2: number } {
  return { c1: 1 - h.beta1 ** t, c2: 1 - h.beta2 ** t };
}

/** State arrays an optimizer needs per parameter array: 0 (sgd), 1 (momentum: v), 2 (adam: m, v). */
export function stateSlots(kind: OptimizerName): number {
  return kind === 'sgd' ? 0 : kind === 'momentum' ? 1 : 2;
}

/**
 * train_update.wgsl: updates `w` in place from gradient `g` at step t (1-based).
 * `m` and `v` are the state slots (unused ones may be empty arrays).
 */
export function optimizerUpdate(
  w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, h: OptimizerHyper, t: number, weightDecay: number,
): void {
  const { c1, c2 } = biasCorrections(h, t);
  for (let k = 0; k < w.length; k++) {
    const grad = g[k] + weightDecay * w[k];
    switch (h.kind) {
      case 'sgd':
        w[k] = w[k] - h.lr * grad;
        break;
      case 'momentum': {
        const vel = Math.fround(h.momentum * m[k] + grad);
        m[k] = vel;
        w[k] = w[k] - h.lr * vel;
        break;
      }
      case 'adam': {
        const mk = Math.fround(h.beta1 * m[k] + (1 - h.beta1) * grad);
        const vk = Math.fround(h.beta2 * v[k] + (1 - h.beta2) * grad * grad);
        m[k] = mk;
        v[k] = vk;
        w[k] = w[k] - (h.lr * (mk / c1)) / (Math.sqrt(vk / c2) + h.eps);
        break;
      }
    }
  }
}
