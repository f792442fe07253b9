/** Typed wrapper of shaders/train_prelu_grad.wgsl: ∂L/∂a of a layer's PReLU slope, one workgroup (CPU: preluSlopeGrad). */
import code from '../../../shaders/train_prelu_grad.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainPreluGradKernel = defineTrainKernel<'Gup' | 'S' | 'G'>({
  label: 'train_prelu_grad',
  code,
  includes: [],
  bindings: { Gup: [1, 'read'], S: [2, 'read'], G: [3, 'rw'] },
  wgSize: 256,
});
