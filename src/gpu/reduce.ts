/** Typed wrapper of shaders/reduce.wgsl: merges partial records into one result record per layer. */
import code from '../../shaders/reduce.wgsl?raw';
import { defineKernel, dispatch, type Kernel } from './kernel';

export const reduceKernel = defineKernel({
  label: 'reduce',
  code,
  includes: ['scaled_sum'],
  bindings: { partials: [5, 'rw'], results: [8, 'rw'] },
});

export const PHASE_FORWARD = 0;
export const PHASE_BACKWARD = 1;

export function encodeReduce(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, layers: number): void {
  dispatch(pass, k, group, paramsOffset, layers);
}
