/** Typed wrapper of shaders/backward.wgsl: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l). */
import code from '../../shaders/backward.wgsl?raw';
import { ACTIVATIONS, GENERATOR, TILE, WEIGHTS } from './includes';
import { defineKernel, withOverrides } from './kernel';

export const backwardKernel = defineKernel({
  label: 'backward',
  code,
  // nIn, nOut: the shape of W_{l+1} (nIn is the width of layer l, this kernel's output).
  uniform: [['nIn', 'u32'], ['nOut', 'u32'], ['batch', 'u32'], ['dfKind', 'u32'], ['dfP', 'f32'], ['sOffset', 'u32']],
  bindings: { dIn: ['read', 'f32'], sIn: ['read', 'f32'], dOut: ['rw', 'f32'] },
  includes: [GENERATOR, ACTIVATIONS, TILE, WEIGHTS],
});

/** The same kernel with W_{l+1} recomputed from the generator in the tile loader (weights not stored). */
export const backwardRegenKernel = withOverrides(backwardKernel, 'backward (regenerated weights)', { REGENERATE_WEIGHTS: 1 });
