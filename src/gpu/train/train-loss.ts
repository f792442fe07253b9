/** Typed wrapper of shaders/train_loss.wgsl: softmax cross-entropy / squared error and δ at the head (CPU: lossHead). */
import code from '../../../shaders/train_loss.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainLossKernel = defineTrainKernel<'Z' | 'Yt' | 'D' | 'rowOut'>({
  label: 'train_loss',
  code,
  includes: [],
  bindings: { Z: [1, 'read'], Yt: [2, 'read'], D: [3, 'rw'], rowOut: [4, 'rw'] },
  wgSize: 64,
});
