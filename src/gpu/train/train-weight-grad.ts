/** Typed wrapper of shaders/train_weight_grad.wgsl: ∂L/∂W = scale·δᵀh and ∂L/∂b (CPU: weightGrad); dispatch ⌈(nIn+1)/16⌉ × ⌈nOut/16⌉. */
import code from '../../../shaders/train_weight_grad.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainWeightGradKernel = defineTrainKernel<'D' | 'Hb' | 'G'>({
  label: 'train_weight_grad',
  code,
  includes: [],
  bindings: { D: [1, 'read'], Hb: [2, 'read'], G: [3, 'rw'] },
  wgSize: 16,
});
