/** Typed wrapper of shaders/backward.wgsl: g_l = W_{l+1}ᵀ e_{l+1} (+ g_{l+1}), δ_l = c·g_l ⊙ f′(s_l). */
import code from '../../shaders/backward.wgsl?raw';
import { GENERATOR, SCALES, TILE, UNIT_DF, UNSCALED, WEIGHTS } from './includes';
import { defineKernel, withOverrides } from './kernel';

// nIn, nOut: the shape of W_{l+1} (nIn is the width of layer l, this kernel's output). residual ≠ 0
// adds g_{l+1} (gIn); coef: c of δ = c·g ⊙ f′; writeDelta = 0 writes g alone (training).
const uniform = [
  ['nIn', 'u32'], ['nOut', 'u32'], ['batch', 'u32'], ['sOffset', 'u32'], ['residual', 'u32'], ['coef', 'f32'], ['writeDelta', 'u32'],
] as const;
const bindings = { eIn: ['read', 'f32'], gIn: ['read', 'f32'], sIn: ['read', 'f32'], gOut: ['rw', 'f32'], dOut: ['rw', 'f32'] } as const;

/** The simulation's backward kernel: one exponent for g and δ carried layer by layer (shaders/scales.wgsl). */
// The right operand W_{l+1} is read along its rows, the columns n of the output.
const overrides = { B_ALONG_N: 1 };

export const backwardKernel = defineKernel({ label: 'backward', code, uniform, bindings, includes: [GENERATOR, UNIT_DF, TILE, WEIGHTS, SCALES], overrides });

/** The same kernel with W_{l+1} recomputed from the generator in the tile loader (weights not stored). */
export const backwardRegenKernel = withOverrides(backwardKernel, 'backward (regenerated weights)', { REGENERATE_WEIGHTS: 1 });

/** Training's backward kernel: the true g, nothing rescaled. */
export const backwardTrainKernel = defineKernel({ label: 'backward (training)', code, uniform, bindings, includes: [GENERATOR, UNIT_DF, TILE, WEIGHTS, UNSCALED], overrides });
