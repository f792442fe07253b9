/** Typed wrapper of shaders/backward.wgsl: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l). */
import code from '../../shaders/backward.wgsl?raw';
import { ACTIVATIONS, GENERATOR, SCALES, TILE, UNSCALED, WEIGHTS } from './includes';
import { defineKernel, withOverrides } from './kernel';

// nIn, nOut: the shape of W_{l+1} (nIn is the width of layer l, this kernel's output).
const uniform = [['nIn', 'u32'], ['nOut', 'u32'], ['batch', 'u32'], ['dfKind', 'u32'], ['dfP', 'f32'], ['sOffset', 'u32']] as const;
const bindings = { dIn: ['read', 'f32'], sIn: ['read', 'f32'], dOut: ['rw', 'f32'] } as const;

/** The simulation's backward kernel: δ's exponent carried layer by layer (shaders/scales.wgsl). */
// The right operand W_{l+1} is read along its rows, the columns n of the output.
const overrides = { B_ALONG_N: 1 };

export const backwardKernel = defineKernel({ label: 'backward', code, uniform, bindings, includes: [GENERATOR, ACTIVATIONS, TILE, WEIGHTS, SCALES], overrides });

/** The same kernel with W_{l+1} recomputed from the generator in the tile loader (weights not stored). */
export const backwardRegenKernel = withOverrides(backwardKernel, 'backward (regenerated weights)', { REGENERATE_WEIGHTS: 1 });

/** Training's backward kernel: the true δ, nothing rescaled. */
export const backwardTrainKernel = defineKernel({ label: 'backward (training)', code, uniform, bindings, includes: [GENERATOR, ACTIVATIONS, TILE, WEIGHTS, UNSCALED], overrides });
