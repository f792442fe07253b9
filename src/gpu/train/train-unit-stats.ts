/** Typed wrapper of shaders/train_unit_stats.wgsl: per-unit checkpoint records: zeros, alive, non-finite, scaled Σδ² (CPU: accumulateLayer). */
import code from '../../../shaders/train_unit_stats.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainUnitStatsKernel = defineTrainKernel<'H' | 'S' | 'D' | 'stats'>({
  label: 'train_unit_stats',
  code,
  includes: ['scaled_sum'],
  bindings: { H: [1, 'read'], S: [2, 'read'], D: [3, 'read'], stats: [4, 'rw'] },
  wgSize: 64,
});
