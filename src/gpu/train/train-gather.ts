/** Typed wrapper of shaders/train_gather.wgsl: step t's minibatch rows into xb / yb. */
import code from '../../../shaders/train_gather.wgsl?raw';
import { GENERATOR } from '../includes';
import { defineKernel } from '../kernel';

export const trainGatherKernel = defineKernel({
  label: 'train_gather',
  code,
  // rows: batch size; n: training-set size; key: the sampler's key; t: the step (1-based); dIn, outputs: row widths.
  uniform: [['rows', 'u32'], ['n', 'u32'], ['key', 'u32'], ['t', 'u32'], ['dIn', 'u32'], ['outputs', 'u32']],
  bindings: { X: ['read', 'f32'], Y: ['read', 'f32'], xb: ['rw', 'f32'], yb: ['rw', 'f32'] },
  includes: [GENERATOR],
  overrides: { WG: 64 },
});
