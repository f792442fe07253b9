/** Typed wrapper of shaders/forward.wgsl: s_l = W_l h_{l−1} + b_l, h_l = f(s_l). */
import code from '../../shaders/forward.wgsl?raw';
import { ACTIVATIONS, GENERATOR, TILE, WEIGHTS } from './includes';
import { defineKernel, withOverrides } from './kernel';

export const forwardKernel = defineKernel({
  label: 'forward',
  code,
  uniform: [
    ['nIn', 'u32'], ['nOut', 'u32'], ['batch', 'u32'], ['actKind', 'u32'], ['actP', 'f32'],
    // s_l's offset in the bound pre-activation chunk; the bias b_l ~ N(0, bStd²) from key bKey.
    ['sOffset', 'u32'], ['bKey', 'u32'], ['bStd', 'f32'],
  ],
  bindings: { hIn: ['read', 'f32'], sOut: ['rw', 'f32'], hOut: ['rw', 'f32'] },
  includes: [GENERATOR, ACTIVATIONS, TILE, WEIGHTS],
});

/** The same kernel with W_l recomputed from the generator in the tile loader (weights not stored). */
export const forwardRegenKernel = withOverrides(forwardKernel, 'forward (regenerated weights)', { REGENERATE_WEIGHTS: 1 });
