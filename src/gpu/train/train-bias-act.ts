/** Typed wrapper of shaders/train_bias_act.wgsl: s += b, h = f(s) (or h_{l−1} + α·f(s)) with learned biases and PReLU slope. */
import code from '../../../shaders/train_bias_act.wgsl?raw';
import { ACTIVATIONS } from '../includes';
import { defineKernel } from '../kernel';

export const trainBiasActKernel = defineKernel({
  label: 'train_bias_act',
  code,
  // Float offsets into S (offS) and the flat parameters (biases offB, slopes offC); learnedSlope ≠ 0: slope offC + layer.
  uniform: [
    ['count', 'u32'], ['nOut', 'u32'], ['offS', 'u32'], ['offB', 'u32'], ['offC', 'u32'], ['layer', 'u32'],
    ['actKind', 'u32'], ['actP', 'f32'], ['learnedSlope', 'u32'], ['alpha', 'f32'],
  ],
  bindings: { S: ['rw', 'f32'], Hin: ['read', 'f32'], H: ['rw', 'f32'], params: ['read', 'f32'] },
  includes: [ACTIVATIONS],
  overrides: { WG: 64 },
});
