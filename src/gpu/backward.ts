/** Typed wrapper of shaders/backward.wgsl: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l). */
import code from '../../shaders/backward.wgsl?raw';
import { defineKernel, dispatch, type Kernel } from './kernel';
import { TILE_M, TILE_N } from './params';

export const backwardKernel = defineKernel({
  label: 'backward',
  code,
  includes: ['generator', 'activations', 'tile', 'weights'],
  bindings: { weights: [1, 'read'], dIn: [2, 'read'], sIn: [3, 'read'], dOut: [4, 'rw'] },
});

/** nIn: the width of layer l (the output of this kernel). */
/** The same kernel with W_l recomputed from the generator in the tile loader (weights not stored). */
export const backwardRegenKernel = defineKernel({
  ...backwardKernel,
  label: 'backward (regenerated weights)',
  constants: { REGENERATE_WEIGHTS: 1 },
});

export function encodeBackward(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, batch: number, nIn: number): void {
  dispatch(pass, k, group, paramsOffset, Math.ceil(nIn / TILE_N), Math.ceil(batch / TILE_M));
}
