/** Typed wrapper of shaders/backward_stats.wgsl: δ and f′ partial statistics, per-unit RMS, |f′| histogram. */
import code from '../../shaders/backward_stats.wgsl?raw';
import { ACTIVATIONS, SCALED_SUM } from './includes';
import { defineKernel } from './kernel';
import { STATS_WG, partialRecord } from './stat-partials';

export const backwardStatsKernel = defineKernel({
  label: 'backward_stats',
  code,
  uniform: [
    ['nOut', 'u32'], ['batch', 'u32'], ['dfKind', 'u32'], ['dfP', 'f32'], ['sOffset', 'u32'], ['slot', 'u32'], ['numGroups', 'u32'],
    // details ≠ 0: also write per-unit δ RMS at detailOffset and the |f′| histogram at histOffset.
    ['details', 'u32'], ['detailOffset', 'u32'], ['histOffset', 'u32'],
  ],
  bindings: { dIn: ['read', 'f32'], sIn: ['read', 'f32'], unitRms: ['rw', 'f32'], hist: ['rw', 'atomic<u32>'] },
  includes: [ACTIVATIONS, SCALED_SUM, partialRecord('backward_stats')],
  overrides: { STATS_WG },
});
