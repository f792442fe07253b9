/** Typed wrapper of shaders/train_act_backward.wgsl: δ = c·g ⊙ f′(s) with the learned PReLU slope. */
import code from '../../../shaders/train_act_backward.wgsl?raw';
import { ACTIVATIONS } from '../includes';
import { defineKernel } from '../kernel';

export const trainActBackwardKernel = defineKernel({
  label: 'train_act_backward',
  code,
  uniform: [['count', 'u32'], ['offS', 'u32'], ['dfKind', 'u32'], ['dfP', 'f32'], ['offC', 'u32'], ['layer', 'u32'], ['learnedSlope', 'u32'], ['coef', 'f32']],
  bindings: { Gup: ['read', 'f32'], S: ['read', 'f32'], params: ['read', 'f32'], D: ['rw', 'f32'] },
  includes: [ACTIVATIONS],
  overrides: { WG: 64 },
});
