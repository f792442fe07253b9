/** Typed wrapper of shaders/backward_stats.wgsl: δ, g and f′ partial statistics, per-unit RMS, |f′| histogram. */
import code from '../../shaders/backward_stats.wgsl?raw';
import { SCALED_SUM, UNIT_DF } from './includes';
import { defineKernel } from './kernel';
import { STATS_WG, partialRecord } from './stat-partials';

export const backwardStatsKernel = defineKernel({
  label: 'backward_stats',
  code,
  // hasStream ≠ 0: g_l is defined (gIn), and its statistics are taken.
  uniform: [
    ['nOut', 'u32'], ['batch', 'u32'], ['sOffset', 'u32'], ['slot', 'u32'], ['numGroups', 'u32'], ['hasStream', 'u32'],
    // details ≠ 0: also write per-unit δ RMS at detailOffset and the |f′| histogram at histOffset.
    ['details', 'u32'], ['detailOffset', 'u32'], ['histOffset', 'u32'],
  ],
  bindings: { dIn: ['read', 'f32'], gIn: ['read', 'f32'], sIn: ['read', 'f32'], unitRms: ['rw', 'f32'], hist: ['rw', 'atomic<u32>'] },
  includes: [UNIT_DF, SCALED_SUM, partialRecord('backward_stats')],
  overrides: { STATS_WG },
});
