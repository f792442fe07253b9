/**
 * The shared WGSL files (not kernels themselves) as includes a kernel declaration names, each with
 * the constants generated from their TypeScript source and what it needs from the kernel.
 */
import exponentWgsl from '../../shaders/exponent.wgsl?raw';
import generatorWgsl from '../../shaders/generator.wgsl?raw';
import scaledSumWgsl from '../../shaders/scaled_sum.wgsl?raw';
import scalesWgsl from '../../shaders/scales.wgsl?raw';
import tileWgsl from '../../shaders/tile.wgsl?raw';
import weightsWgsl from '../../shaders/weights.wgsl?raw';
import { activationWgsl } from '../sim/activations';
import { FLOAT32_MIN_NORMAL, SCALE_EXP_MAX } from '../sim/exponent';
import type { WeightDistribution } from '../sim/inits';
import { FPRIME_BINS, FPRIME_LOG_MAX, FPRIME_LOG_MIN } from '../sim/stats';
import type { Include } from './kernel';

const u32 = (name: string, v: number): string => `const ${name}: u32 = ${v}u;`;

/** Distribution ids of gen_value (generator.wgsl); `bits` makes generate.wgsl write the raw hash bits. */
export const DIST = { zeros: 0, normal: 1, uniform: 2, bits: 3 } as const;

/** The uniform values that make gen_value draw from `d` (orthogonal weights are uploaded, never drawn). */
export function distributionValues(d: WeightDistribution): { wDist: number; wScale: number } {
  switch (d.kind) {
    case 'normal': return { wDist: DIST.normal, wScale: d.std };
    case 'uniform': return { wDist: DIST.uniform, wScale: d.limit };
    default: return { wDist: DIST.zeros, wScale: 0 };
  }
}

/** The counter-based generator, bit for bit the CPU's (src/sim/generator.ts). */
export const GENERATOR: Include<never, never> = {
  name: 'generator',
  wgsl: [...Object.entries(DIST).map(([k, v]) => u32(`DIST_${k.toUpperCase()}`, v)), generatorWgsl].join('\n'),
};

/** act_f / act_df from the activation registry. */
export const ACTIVATIONS: Include<never, never> = { name: 'activations', wgsl: activationWgsl() };

/** Scaled sums, Inf/NaN tests and the |f′| histogram bin (constants from src/sim/stats.ts). */
export const SCALED_SUM: Include<never, never> = {
  name: 'scaled_sum',
  wgsl: [
    u32('FPRIME_BINS', FPRIME_BINS),
    // Values below it count as zeros: an adapter may flush them (src/sim/layers.ts backwardStats).
    `const FLOAT32_MIN_NORMAL: f32 = ${FLOAT32_MIN_NORMAL.toExponential(8)};`,
    `const FPRIME_LOG_MIN: f32 = ${FPRIME_LOG_MIN.toFixed(6)};`,
    `const FPRIME_LOG_MAX: f32 = ${FPRIME_LOG_MAX.toFixed(6)};`,
    scaledSumWgsl,
  ].join('\n'),
};

/**
 * The matmul tiling of forward, backward and weight_grad (shaders/tile.wgsl): WG_X × WG_Y
 * invocations, each 4·RQ rows × 4·CQ columns of outputs, TK at a time along the reduction. All are
 * overrides: a tile shape is a variant of the same kernel, its own pipeline (src/gpu/matmul-variants.ts).
 */
export type MatmulTile = {
  readonly WG_X: number;
  readonly WG_Y: number;
  readonly TK: number;
  readonly RQ: number;
  readonly CQ: number;
};

/** The tile a kernel declaration starts with (a run picks its own, src/gpu/matmul-variants.ts). */
export const MATMUL_TILE: MatmulTile = { WG_X: 8, WG_Y: 8, TK: 32, RQ: 1, CQ: 1 };

export const TILE: Include<never, never> = {
  name: 'tile',
  wgsl: tileWgsl,
  overrides: { ...MATMUL_TILE, A_ALONG_M: 0, B_ALONG_N: 0 },
};

/** The output tile of a matmul kernel variant, from its overrides: TM rows × TN columns. */
export function tileOf(overrides: Readonly<Record<string, number>>): { tm: number; tn: number } {
  return { tm: overrides.WG_Y * overrides.RQ * 4, tn: overrides.WG_X * overrides.CQ * 4 };
}

/** Workgroups covering a rows × cols output with a variant's tiles. */
export function tileGrid(overrides: Readonly<Record<string, number>>, rows: number, cols: number): [number, number] {
  const { tm, tn } = tileOf(overrides);
  return [Math.ceil(cols / tn), Math.ceil(rows / tm)];
}

/** W_l for the tile loaders: stored (at wOffset in the bound chunk) or regenerated (wDist, wKey, wScale). */
export const WEIGHTS: Include<'wOffset' | 'wDist' | 'wKey' | 'wScale', 'weights'> = {
  name: 'weights',
  wgsl: weightsWgsl,
  uniform: [['wOffset', 'u32'], ['wDist', 'u32'], ['wKey', 'u32'], ['wScale', 'f32']],
  bindings: { weights: ['read', 'vec4<f32>'] },
  overrides: { REGENERATE_WEIGHTS: 0 },
  needs: [GENERATOR],
};

/** Power-of-two helpers: abs_bits, scale_exponent, pow2, mul_pow2 (src/sim/exponent.ts). */
export const EXPONENT: Include<never, never> = {
  name: 'exponent',
  wgsl: [`const SCALE_EXP_MAX: i32 = ${SCALE_EXP_MAX};`, exponentWgsl].join('\n'),
};

/** The words of one layer in a run's `scales` buffer: max |h̃| and F, max |δ̃| and E (shaders/scales.wgsl). */
export const SCALE_WORD = { forwardMax: 0, forwardExp: 1, deltaMax: 2, deltaExp: 3 } as const;
export const SCALE_WORDS = 4;
/** P.scaleMode bits. */
export const SCALE_IN = 1;
export const SCALE_TRACK = 2;

type ScaleField = 'scaleMode' | 'maxIn' | 'expIn' | 'maxOut' | 'expOut';

/** The simulation's exponent carrying in the forward and backward kernels (shaders/scales.wgsl). */
export const SCALES: Include<ScaleField, 'scales'> = {
  name: 'scales',
  wgsl: [u32('SCALE_IN', SCALE_IN), u32('SCALE_TRACK', SCALE_TRACK), scalesWgsl].join('\n'),
  uniform: [['scaleMode', 'u32'], ['maxIn', 'u32'], ['expIn', 'u32'], ['maxOut', 'u32'], ['expOut', 'u32']],
  bindings: { scales: ['rw', 'atomic<u32>'] },
  needs: [EXPONENT],
};

/** The same hooks for training, which needs the true values: nothing is rescaled. */
export const UNSCALED: Include<never, never> = {
  name: 'unscaled',
  wgsl: [
    '// Training: the forward and backward kernels without exponent carrying (shaders/scales.wgsl is the simulation\'s).',
    'fn begin_scales(li: u32) {}',
    'fn scale_in() -> f32 { return 1.0; }',
    'fn track_out(x: f32) {}',
    'fn publish_scales(li: u32, first: bool) {}',
  ].join('\n'),
};
