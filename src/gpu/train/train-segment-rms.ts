/** Typed wrapper of shaders/train_segment_rms.wgsl: scaled Σx² per segment of a flat buffer, one workgroup each. */
import code from '../../../shaders/train_segment_rms.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainSegmentRmsKernel = defineTrainKernel<'X' | 'segments' | 'out'>({
  label: 'train_segment_rms',
  code,
  includes: ['scaled_sum'],
  bindings: { X: [1, 'read'], segments: [2, 'read'], out: [3, 'rw'] },
  wgSize: 256,
});
