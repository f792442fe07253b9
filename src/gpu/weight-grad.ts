/** Typed wrapper of shaders/weight_grad.wgsl: scaled Σ of (e_l h_{l−1}ᵀ / batch)² per workgroup. */
import code from '../../shaders/weight_grad.wgsl?raw';
import { SCALED_SUM, TILE, UNIT_F, tileOf } from './includes';
import { defineKernel } from './kernel';
import { MAX_STAT_GROUPS, partialRecord } from './stat-partials';

export const weightGradKernel = defineKernel({
  label: 'weight_grad',
  code,
  // inMode 1: h_{l−1} = f(s_{l−1}) read at inOffset of the bound pre-activation chunk; 0: read as it is
  // at inOffset (the input x, or a residual net's stored h_{l−1}).
  uniform: [['nIn', 'u32'], ['nOut', 'u32'], ['batch', 'u32'], ['inMode', 'u32'], ['inOffset', 'u32'], ['slot', 'u32'], ['numGroups', 'u32']],
  bindings: { dIn: ['read', 'f32'], below: ['read', 'f32'] },
  includes: [UNIT_F, SCALED_SUM, TILE, partialRecord('weight_grad', 'WG_X * WG_Y')],
  // The left operand δ_lᵀ is contiguous along its rows' index m, the right one h along its columns.
  overrides: { A_ALONG_M: 1, B_ALONG_N: 1 },
});

/** Workgroups (= partial records) for a nOut × nIn gradient with a variant's tiles. */
export function weightGradGroups(overrides: Readonly<Record<string, number>>, nOut: number, nIn: number): number {
  const { tm, tn } = tileOf(overrides);
  return Math.min(MAX_STAT_GROUPS, Math.ceil(nOut / tm) * Math.ceil(nIn / tn));
}
