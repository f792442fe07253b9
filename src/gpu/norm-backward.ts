/** Typed wrapper of shaders/norm_backward.wgsl: e_l = N′ᵀ δ_l. */
import code from '../../shaders/norm_backward.wgsl?raw';
import { NORM_SUM } from './includes';
import { defineKernel } from './kernel';

export const normBackwardKernel = defineKernel({
  label: 'norm_backward',
  code,
  uniform: [['nOut', 'u32'], ['batch', 'u32'], ['normMode', 'u32'], ['sOffset', 'u32'], ['invOffset', 'u32']],
  bindings: { dIn: ['read', 'f32'], sIn: ['read', 'f32'], invStd: ['read', 'f32'], eOut: ['rw', 'f32'] },
  includes: [NORM_SUM],
});
