/** Typed wrapper of shaders/forward_stats.wgsl: per-workgroup partial forward statistics. */
import code from '../../shaders/forward_stats.wgsl?raw';
import { defineKernel, dispatch, type Kernel } from './kernel';
import { MAX_STAT_GROUPS, STATS_WG } from './params';

export const forwardStatsKernel = defineKernel({
  label: 'forward_stats',
  code,
  includes: ['activations', 'scaled_sum'],
  bindings: { sIn: [3, 'read'], partials: [5, 'rw'] },
});

/** Workgroups (= partial records) of the per-unit statistics kernels for a layer of `width` units. */
export function statsGroups(width: number): number {
  return Math.min(MAX_STAT_GROUPS, Math.ceil(width / STATS_WG));
}

export function encodeForwardStats(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, groups: number): void {
  dispatch(pass, k, group, paramsOffset, groups);
}
