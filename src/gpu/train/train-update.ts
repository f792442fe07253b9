/** Typed wrapper of shaders/train_update.wgsl: one optimizer step over the flat parameter buffer. */
import code from '../../../shaders/train_update.wgsl?raw';
import type { OptimizerName } from '../../sim/train/train-config';
import { defineKernel, type Include } from '../kernel';

/** The ids of P.optKind. */
export const OPT_KIND: Readonly<Record<OptimizerName, number>> = { sgd: 0, momentum: 1, adam: 2 };

const OPT_IDS: Include<never, never> = {
  name: 'optimizers',
  wgsl: Object.entries(OPT_KIND).map(([k, v]) => `const OPT_${k.toUpperCase()}: u32 = ${v}u;`).join('\n'),
};

export const trainUpdateKernel = defineKernel({
  label: 'train_update',
  code,
  // Weight decay wd applies below decayEnd; c1, c2: Adam's bias corrections at this step.
  uniform: [
    ['count', 'u32'], ['decayEnd', 'u32'], ['optKind', 'u32'], ['lr', 'f32'], ['momentum', 'f32'], ['beta1', 'f32'], ['beta2', 'f32'],
    ['eps', 'f32'], ['wd', 'f32'], ['c1', 'f32'], ['c2', 'f32'],
  ],
  bindings: { Pm: ['rw', 'f32'], G: ['read', 'f32'], M: ['rw', 'f32'], V: ['rw', 'f32'] },
  includes: [OPT_IDS],
  overrides: { WG: 64 },
});
