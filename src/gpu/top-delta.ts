/** Typed wrapper of shaders/top_delta.wgsl: the output's error (δ, or g and δ) and its max and exponent. */
import code from '../../shaders/top_delta.wgsl?raw';
import { GENERATOR, SCALES, UNIT_DF } from './includes';
import { defineKernel, type Include } from './kernel';

/** P.topMode: δ ~ N(0, 1) (plain, random top), g ~ N(0, 1) (residual, random top), g = h − t (the mse top). */
export const TOP_MODE = { random: 0, stream: 1, mse: 2 } as const;

const MODES: Include<never, never> = {
  name: 'top modes',
  wgsl: Object.entries(TOP_MODE).map(([k, v]) => `const TOP_${k.toUpperCase()}: u32 = ${v}u;`).join('\n'),
};

export const topDeltaKernel = defineKernel({
  label: 'top_delta',
  code,
  // topKey: the key of the topDelta stream (random modes) or of the targets (mse); nOut: the width
  // (unit of entry k is k % nOut); residual ≠ 0: track g's max too; coef: c of δ = c·g ⊙ f′.
  uniform: [
    ['count', 'u32'], ['nOut', 'u32'], ['topMode', 'u32'], ['topKey', 'u32'], ['sOffset', 'u32'], ['residual', 'u32'], ['coef', 'f32'],
  ],
  bindings: { sIn: ['read', 'f32'], gOut: ['rw', 'f32'], dOut: ['rw', 'f32'] },
  includes: [GENERATOR, UNIT_DF, SCALES, MODES],
  overrides: { WG: 256 },
});
