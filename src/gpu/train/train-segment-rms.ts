/** Typed wrapper of shaders/train_segment_rms.wgsl: scaled Σx² of each segment of a flat buffer. */
import code from '../../../shaders/train_segment_rms.wgsl?raw';
import { SEGMENT_SUMS } from '../../sim/train/tracking';
import { SCALED_SUM } from '../includes';
import { defineKernel } from '../kernel';
import { recordInclude, recordLayout } from '../stat-record';

export const SEGMENT_RECORD = recordLayout(SEGMENT_SUMS);
const record = recordInclude(SEGMENT_RECORD, 'segment', { store: 'out', threads: 'WG' });

export const trainSegmentRmsKernel = defineKernel({
  label: 'train_segment_rms',
  code,
  uniform: [['firstRecord', 'u32']],
  bindings: { X: ['read', 'f32'], segments: ['read', 'u32'] },
  includes: [SCALED_SUM, record],
  overrides: { WG: 256 },
});
