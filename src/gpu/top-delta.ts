/** Typed wrapper of shaders/top_delta.wgsl: δ_depth (random N(0,1) or the MSE gradient). */
import code from '../../shaders/top_delta.wgsl?raw';
import { defineKernel, dispatch, type Kernel } from './kernel';
import { gridGroups } from './generate';

export const topDeltaKernel = defineKernel({
  label: 'top_delta',
  code,
  includes: ['generator', 'activations'],
  bindings: { sIn: [3, 'read'], dOut: [4, 'rw'] },
});

export const TOP_RANDOM = 0;
export const TOP_MSE = 1;

export function encodeTopDelta(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, count: number): void {
  dispatch(pass, k, group, paramsOffset, gridGroups(count));
}
