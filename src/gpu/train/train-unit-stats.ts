/** Typed wrapper of shaders/train_unit_stats.wgsl: one statistics record per unit of a layer. */
import code from '../../../shaders/train_unit_stats.wgsl?raw';
import { TRAIN_UNIT_RECORD } from '../../sim/train/tracking';
import { SCALED_SUM } from '../includes';
import { defineKernel } from '../kernel';
import { recordInclude, recordLayout } from '../stat-record';

export const UNIT_RECORD = recordLayout(TRAIN_UNIT_RECORD);
const record = recordInclude(UNIT_RECORD, 'training unit', { store: 'stats' });

export const trainUnitStatsKernel = defineKernel({
  label: 'train_unit_stats',
  code,
  uniform: [['rows', 'u32'], ['nOut', 'u32'], ['offS', 'u32'], ['firstRecord', 'u32']],
  bindings: { H: ['read', 'f32'], S: ['read', 'f32'], D: ['read', 'f32'] },
  includes: [SCALED_SUM, record],
  overrides: { WG: 64 },
});
