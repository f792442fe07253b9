/** Typed wrapper of shaders/forward.wgsl: s_l = W_l h_{l−1} + b_l, h_l = f(s_l). */
import code from '../../shaders/forward.wgsl?raw';
import { ACTIVATIONS, GENERATOR, SCALES, TILE, UNSCALED, WEIGHTS } from './includes';
import { defineKernel, withOverrides } from './kernel';

const uniform = [
  ['nIn', 'u32'], ['nOut', 'u32'], ['batch', 'u32'], ['actKind', 'u32'], ['actP', 'f32'],
  // s_l's offset in the bound pre-activation chunk; the bias b_l ~ N(0, bStd²) from key bKey.
  ['sOffset', 'u32'], ['bKey', 'u32'], ['bStd', 'f32'],
] as const;
const bindings = { hIn: ['read', 'f32'], sOut: ['rw', 'f32'], hOut: ['rw', 'f32'] } as const;

/** The simulation's forward kernel: a homogeneous bias-free pass is rescaled (shaders/scales.wgsl). */
export const forwardKernel = defineKernel({ label: 'forward', code, uniform, bindings, includes: [GENERATOR, ACTIVATIONS, TILE, WEIGHTS, SCALES] });

/** The same kernel with W_l recomputed from the generator in the tile loader (weights not stored). */
export const forwardRegenKernel = withOverrides(forwardKernel, 'forward (regenerated weights)', { REGENERATE_WEIGHTS: 1 });

/** Training's forward kernel: the true values, nothing rescaled. */
export const forwardTrainKernel = defineKernel({ label: 'forward (training)', code, uniform, bindings, includes: [GENERATOR, ACTIVATIONS, TILE, WEIGHTS, UNSCALED] });
