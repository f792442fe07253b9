/** Typed wrapper of shaders/forward.wgsl: s_l = W_l h_{l−1} + b_l, h_l = f(s_l). */
import code from '../../shaders/forward.wgsl?raw';
import { defineKernel, dispatch, type Kernel } from './kernel';
import { TILE_M, TILE_N } from './params';

export const forwardKernel = defineKernel({
  label: 'forward',
  code,
  includes: ['generator', 'activations', 'tile', 'weights'],
  bindings: { weights: [1, 'read'], hIn: [2, 'read'], sOut: [3, 'rw'], hOut: [4, 'rw'] },
});

/** The same kernel with W_l recomputed from the generator in the tile loader (weights not stored). */
export const forwardRegenKernel = defineKernel({
  ...forwardKernel,
  label: 'forward (regenerated weights)',
  constants: { REGENERATE_WEIGHTS: 1 },
});

export function encodeForward(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, batch: number, nOut: number): void {
  dispatch(pass, k, group, paramsOffset, Math.ceil(nOut / TILE_N), Math.ceil(batch / TILE_M));
}
