/** Typed wrapper of shaders/train_act_backward.wgsl: δ = g ⊙ f′(s) with the learned PReLU slope. */
import code from '../../../shaders/train_act_backward.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainActBackwardKernel = defineTrainKernel<'Gup' | 'S' | 'params' | 'D'>({
  label: 'train_act_backward',
  code,
  includes: ['activations'],
  bindings: { Gup: [1, 'read'], S: [2, 'read'], params: [3, 'read'], D: [4, 'rw'] },
  wgSize: 64,
});
