/** Typed wrapper of shaders/jacobian_top.wgsl: the one-hot tops g_d = e_b, δ_d = c·e_b ⊙ f′(s_d) of a Jacobian probe run. */
import code from '../../shaders/jacobian_top.wgsl?raw';
import { SCALES, UNIT_DF } from './includes';
import { defineKernel } from './kernel';

export const jacobianTopKernel = defineKernel({
  label: 'jacobian_top',
  code,
  uniform: [['width', 'u32'], ['sOffset', 'u32'], ['residual', 'u32'], ['coef', 'f32']],
  bindings: { sIn: ['read', 'f32'], gOut: ['rw', 'f32'], dOut: ['rw', 'f32'] },
  includes: [UNIT_DF, SCALES],
  overrides: { WG: 256 },
});
