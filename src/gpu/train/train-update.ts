/** Typed wrapper of shaders/train_update.wgsl: the SGD / momentum / Adam step over all parameters (CPU: optimizerUpdate). */
import code from '../../../shaders/train_update.wgsl?raw';
import { defineTrainKernel } from './train-kernel';

export const trainUpdateKernel = defineTrainKernel<'Pm' | 'G' | 'M' | 'V'>({
  label: 'train_update',
  code,
  includes: [],
  bindings: { Pm: [1, 'rw'], G: [2, 'read'], M: [3, 'rw'], V: [4, 'rw'] },
  wgSize: 64,
});
