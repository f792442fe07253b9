/** Typed wrapper of shaders/backward_stats.wgsl: δ and f′ partial statistics, per-unit RMS, |f′| histogram. */
import code from '../../shaders/backward_stats.wgsl?raw';
import { defineKernel, dispatch, type Kernel } from './kernel';

export const backwardStatsKernel = defineKernel({
  label: 'backward_stats',
  code,
  includes: ['activations', 'scaled_sum'],
  bindings: { dIn: [2, 'read'], sIn: [3, 'read'], partials: [5, 'rw'], unitRms: [6, 'rw'], hist: [7, 'rw'] },
});

export function encodeBackwardStats(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, groups: number): void {
  dispatch(pass, k, group, paramsOffset, groups);
}
