/** Typed wrapper of shaders/train_prelu_grad.wgsl: the gradient of a PReLU layer's learned slope. */
import code from '../../../shaders/train_prelu_grad.wgsl?raw';
import { defineKernel } from '../kernel';

export const trainPreluGradKernel = defineKernel({
  label: 'train_prelu_grad',
  code,
  uniform: [['count', 'u32'], ['offS', 'u32'], ['offC', 'u32'], ['layer', 'u32'], ['scale', 'f32']],
  bindings: { Gup: ['read', 'f32'], S: ['read', 'f32'], G: ['rw', 'f32'] },
  overrides: { WG: 256 },
});
