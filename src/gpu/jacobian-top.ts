/** Typed wrapper of shaders/jacobian_top.wgsl: the one-hot tops δ_d = e_b ⊙ f′(s_d) of a Jacobian probe run. */
import code from '../../shaders/jacobian_top.wgsl?raw';
import { ACTIVATIONS, SCALES } from './includes';
import { defineKernel } from './kernel';

export const jacobianTopKernel = defineKernel({
  label: 'jacobian_top',
  code,
  uniform: [['width', 'u32'], ['dfKind', 'u32'], ['dfP', 'f32'], ['sOffset', 'u32']],
  bindings: { sIn: ['read', 'f32'], dOut: ['rw', 'f32'] },
  includes: [ACTIVATIONS, SCALES],
  overrides: { WG: 256 },
});
