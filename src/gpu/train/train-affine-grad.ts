/** Typed wrapper of shaders/train_affine_grad.wgsl: ∂L/∂γ and ∂L/∂β of a normalized layer. */
import code from '../../../shaders/train_affine_grad.wgsl?raw';
import { defineKernel } from '../kernel';

export const trainAffineGradKernel = defineKernel({
  label: 'train_affine_grad',
  code,
  uniform: [['rows', 'u32'], ['nOut', 'u32'], ['offS', 'u32'], ['offGamma', 'u32'], ['offBeta', 'u32'], ['scale', 'f32']],
  bindings: { D: ['read', 'f32'], SHAT: ['read', 'f32'], G: ['rw', 'f32'] },
  overrides: { WG: 64 },
});
