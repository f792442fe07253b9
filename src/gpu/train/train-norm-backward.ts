/** Typed wrapper of shaders/train_norm_backward.wgsl: e = N′ᵀ(γ ⊙ δ) of a normalized layer (training). */
import code from '../../../shaders/train_norm_backward.wgsl?raw';
import { NORM_SUM } from '../includes';
import { defineKernel } from '../kernel';

export const trainNormBackwardKernel = defineKernel({
  label: 'train_norm_backward',
  code,
  uniform: [['nOut', 'u32'], ['rows', 'u32'], ['normMode', 'u32'], ['offS', 'u32'], ['offR', 'u32'], ['offGamma', 'u32']],
  bindings: { D: ['read', 'f32'], SHAT: ['read', 'f32'], R: ['read', 'f32'], params: ['read', 'f32'], E: ['rw', 'f32'] },
  includes: [NORM_SUM],
});
