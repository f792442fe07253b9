/** Typed wrapper of shaders/train_gather.wgsl: copies step t's minibatch rows (CPU: gatherBatch). */
import code from '../../../shaders/train_gather.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainGatherKernel = defineTrainKernel<'X' | 'Y' | 'xb' | 'yb'>({
  label: 'train_gather',
  code,
  includes: ['generator'],
  bindings: { X: [1, 'read'], Y: [2, 'read'], xb: [3, 'rw'], yb: [4, 'rw'] },
  wgSize: 64,
});
