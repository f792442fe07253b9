/** Typed wrapper of shaders/forward_stats.wgsl: per-workgroup partial forward statistics. */
import code from '../../shaders/forward_stats.wgsl?raw';
import { SCALED_SUM } from './includes';
import { defineKernel } from './kernel';
import { MAX_STAT_GROUPS, STATS_WG, partialRecord } from './stat-partials';

export const forwardStatsKernel = defineKernel({
  label: 'forward_stats',
  code,
  // slot: the layer's place in this command buffer's partials; numGroups: workgroups (partial records).
  uniform: [['nOut', 'u32'], ['batch', 'u32'], ['sOffset', 'u32'], ['slot', 'u32'], ['numGroups', 'u32']],
  bindings: { sIn: ['read', 'f32'], hIn: ['read', 'f32'] },
  includes: [SCALED_SUM, partialRecord('forward_stats')],
  overrides: { STATS_WG },
});

/** Workgroups (= partial records) of the per-unit statistics kernels for a layer of `width` units. */
export function statsGroups(width: number): number {
  return Math.min(MAX_STAT_GROUPS, Math.ceil(width / STATS_WG));
}
