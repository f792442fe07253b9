/** Typed wrapper of shaders/top_delta.wgsl: δ_depth (random N(0,1) or the MSE gradient) and its max and exponent. */
import code from '../../shaders/top_delta.wgsl?raw';
import { ACTIVATIONS, GENERATOR, SCALES } from './includes';
import { defineKernel } from './kernel';

export const topDeltaKernel = defineKernel({
  label: 'top_delta',
  code,
  // topMode: TOP_RANDOM (key topKey of the topDelta stream) or TOP_MSE (targets from key topKey).
  uniform: [
    ['count', 'u32'], ['topMode', 'u32'], ['topKey', 'u32'], ['actKind', 'u32'], ['actP', 'f32'], ['dfKind', 'u32'], ['dfP', 'f32'],
    ['sOffset', 'u32'],
  ],
  bindings: { sIn: ['read', 'f32'], dOut: ['rw', 'f32'] },
  includes: [GENERATOR, ACTIVATIONS, SCALES],
  overrides: { WG: 256 },
});

export const TOP_RANDOM = 0;
export const TOP_MSE = 1;
