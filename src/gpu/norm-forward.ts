/** Typed wrapper of shaders/norm_forward.wgsl: LayerNorm or BatchNorm of u_l in place, 1/σ kept, then the forward epilogue. */
import code from '../../shaders/norm_forward.wgsl?raw';
import { EPILOGUE, NORM_SUM } from './includes';
import { defineKernel } from './kernel';

export const normForwardKernel = defineKernel({
  label: 'norm_forward',
  code,
  // normMode: NORM_MODE; s_l at sOffset of the bound pre-activation chunk, 1/σ per group at invOffset.
  uniform: [['nOut', 'u32'], ['batch', 'u32'], ['normMode', 'u32'], ['sOffset', 'u32'], ['invOffset', 'u32']],
  bindings: { sIo: ['rw', 'f32'], invStd: ['rw', 'f32'], hIn: ['read', 'f32'], hOut: ['rw', 'f32'] },
  includes: [EPILOGUE, NORM_SUM],
});

/** Workgroups of the normalization kernels: one per group (a unit for BatchNorm, an example for LayerNorm). */
export function normGroupCount(norm: 'layer' | 'batch', batch: number, width: number): number {
  return norm === 'batch' ? width : batch;
}
