/** Typed wrapper of shaders/weight_grad.wgsl: scaled Σ of (δ_l h_{l−1}ᵀ / batch)² per workgroup. */
import code from '../../shaders/weight_grad.wgsl?raw';
import { defineKernel, dispatch, type Kernel } from './kernel';
import { MAX_STAT_GROUPS, TILE_M, TILE_N } from './params';

export const weightGradKernel = defineKernel({
  label: 'weight_grad',
  code,
  includes: ['generator', 'activations', 'scaled_sum', 'tile'],
  bindings: { dIn: [2, 'read'], below: [3, 'read'], partials: [5, 'rw'] },
});

/** Workgroups (= partial records) for a nOut × nIn gradient. */
export function weightGradGroups(nOut: number, nIn: number): number {
  return Math.min(MAX_STAT_GROUPS, Math.ceil(nOut / TILE_M) * Math.ceil(nIn / TILE_N));
}

export function encodeWeightGrad(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, groups: number): void {
  dispatch(pass, k, group, paramsOffset, groups);
}
