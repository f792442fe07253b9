/** Typed wrapper of shaders/norm_backward.wgsl: e_l = N′ᵀ δ_l. */
import code from '../../shaders/norm_backward.wgsl?raw';
import { NORM } from './includes';
import { defineKernel } from './kernel';
import { NORM_WG } from './norm-forward';

export const normBackwardKernel = defineKernel({
  label: 'norm_backward',
  code,
  uniform: [['nOut', 'u32'], ['batch', 'u32'], ['normMode', 'u32'], ['sOffset', 'u32'], ['invOffset', 'u32']],
  bindings: { dIn: ['read', 'f32'], sIn: ['read', 'f32'], invStd: ['read', 'f32'], eOut: ['rw', 'f32'] },
  includes: [NORM],
  overrides: { NORM_WG },
});
