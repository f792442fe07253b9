/** Typed wrapper of shaders/train_loss.wgsl: loss, correctness and δ at the head, per example. */
import code from '../../../shaders/train_loss.wgsl?raw';
import type { LossKind } from '../../sim/train/losses';
import { defineKernel, type Include } from '../kernel';

/** The ids of P.lossKind. */
export const LOSS_KIND: Readonly<Record<LossKind, number>> = { 'cross-entropy': 0, mse: 1 };

const LOSS_IDS: Include<never, never> = {
  name: 'loss kinds',
  wgsl: `const LOSS_CROSS_ENTROPY: u32 = ${LOSS_KIND['cross-entropy']}u;\nconst LOSS_MSE: u32 = ${LOSS_KIND.mse}u;`,
};

export const trainLossKernel = defineKernel({
  label: 'train_loss',
  code,
  uniform: [['rows', 'u32'], ['outputs', 'u32'], ['lossKind', 'u32'], ['rowOffset', 'u32']],
  bindings: { Z: ['read', 'f32'], Yt: ['read', 'f32'], D: ['rw', 'f32'], rowOut: ['rw', 'f32'] },
  includes: [LOSS_IDS],
  overrides: { WG: 64 },
});
