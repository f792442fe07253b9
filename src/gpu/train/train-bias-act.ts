/** Typed wrapper of shaders/train_bias_act.wgsl: s += b, h = f(s) with learned biases and PReLU slope. */
import code from '../../../shaders/train_bias_act.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainBiasActKernel = defineTrainKernel<'S' | 'H' | 'params'>({
  label: 'train_bias_act',
  code,
  includes: ['activations'],
  bindings: { S: [1, 'rw'], H: [2, 'rw'], params: [3, 'read'] },
  wgSize: 64,
});
