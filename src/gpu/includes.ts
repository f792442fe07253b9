/**
 * The shared WGSL files (not kernels themselves) as includes a kernel declaration names, each with
 * the constants generated from their TypeScript source and what it needs from the kernel.
 */
import epilogueWgsl from '../../shaders/epilogue.wgsl?raw';
import exponentWgsl from '../../shaders/exponent.wgsl?raw';
import generatorWgsl from '../../shaders/generator.wgsl?raw';
import scaledSumWgsl from '../../shaders/scaled_sum.wgsl?raw';
import scalesWgsl from '../../shaders/scales.wgsl?raw';
import tileWgsl from '../../shaders/tile.wgsl?raw';
import weightsWgsl from '../../shaders/weights.wgsl?raw';
import { activationWgsl } from '../sim/activations';
import { MAX_PARTS, partRanges, type RunActivation } from '../sim/specs';
import { FLOAT32_MIN_NORMAL, SCALE_EXP_MAX } from '../sim/exponent';
import { NORM_EPS } from '../sim/layers';
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

/**
 * A layer's per-unit activation ids (mixed layers, src/sim/specs.ts): part 0 (`actKind`, `actP`)
 * from unit 0, part k from unit `part{k}At` (never reached by an absent part), MAX_PARTS in all; the
 * same starts for the backward derivative (`dfKind`, `dfP`, `df{k}Kind`, `df{k}P`). unit_f(col, x)
 * and unit_df(col, x) evaluate unit col's f and f′ (the CPU's UnitActs in src/sim/layers.ts).
 */
type UnitField = 'actKind' | 'actP' | 'dfKind' | 'dfP' | `act${number}Kind` | `act${number}P` | `df${number}Kind` | `df${number}P` | `part${number}At`;
const NO_UNIT = 0xffffffff;

function unitInclude(name: string, kind: 'act' | 'df'): Include<UnitField, never> {
  const parts = Array.from({ length: MAX_PARTS - 1 }, (_, i) => i + 1);
  const field = (k: number, what: 'Kind' | 'P'): UnitField => (k === 0 ? `${kind}${what}` : `${kind}${k}${what}`) as UnitField;
  const fn = kind === 'act' ? 'f' : 'df';
  return {
    name,
    uniform: [
      [field(0, 'Kind'), 'u32'], [field(0, 'P'), 'f32'],
      ...parts.flatMap((k): [UnitField, 'u32' | 'f32'][] => [[`part${k}At`, 'u32'], [field(k, 'Kind'), 'u32'], [field(k, 'P'), 'f32']]),
    ],
    wgsl: [
      `fn unit_${fn}_of(col: u32) -> UnitAct {`,
      `  var a = UnitAct(P.${field(0, 'Kind')}, P.${field(0, 'P')});`,
      ...parts.map((k) => `  if (col >= P.part${k}At) { a = UnitAct(P.${field(k, 'Kind')}, P.${field(k, 'P')}); }`),
      '  return a;',
      '}',
      `fn unit_${fn}(col: u32, x: f32) -> f32 {`,
      `  let a = unit_${fn}_of(col);`,
      `  return act_${fn}(a.kind, x, a.p);`,
      '}',
    ].join('\n'),
    needs: [ACTIVATIONS, UNIT_TYPE],
  };
}

/** The UnitAct struct, once for kernels that include both unit_f and unit_df. */
const UNIT_TYPE: Include<never, never> = { name: 'unit type', wgsl: 'struct UnitAct { kind: u32, p: f32 }' };

/** unit_f(col, x): unit col's activation. */
export const UNIT_F = unitInclude('unit f', 'act');
/** unit_df(col, x): unit col's backward derivative. */
export const UNIT_DF = unitInclude('unit df', 'df');

/** The uniform values of per-unit activation groups (first unit, registry id, parameter), `kind` act (f) or df (f′). */
function unitFields(groups: readonly { start: number; id: number; param: number }[], kind: 'act' | 'df'): Partial<Record<UnitField, number>> {
  const out: Partial<Record<UnitField, number>> = {};
  for (let k = 0; k < MAX_PARTS; k++) {
    const g = groups[k];
    if (k > 0) out[`part${k}At`] = g ? g.start : NO_UNIT;
    out[(k === 0 ? `${kind}Kind` : `${kind}${k}Kind`) as UnitField] = g?.id ?? 0;
    out[(k === 0 ? `${kind}P` : `${kind}${k}P`) as UnitField] = g?.param ?? 0;
  }
  return out;
}

/** The uniform values of a network's per-unit activations (`which`: f, or the backward's f′) in a layer of `width` units. */
export function unitValues(run: RunActivation, width: number, which: 'f' | 'df'): Partial<Record<UnitField, number>> {
  const ranges = partRanges(run, width);
  return unitFields(run.parts.map((p, k) => ({ start: ranges[k].start, ...(which === 'f' ? p : p.derivative) })), which === 'f' ? 'act' : 'df');
}

/** The same for one activation on every unit (training's layers). */
export function singleUnit(ref: { id: number; param: number }, which: 'f' | 'df'): Partial<Record<UnitField, number>> {
  return unitFields([{ start: 0, ...ref }], which === 'f' ? 'act' : 'df');
}

/**
 * The forward epilogue (shaders/epilogue.wgsl): h = f(s) or h_{l−1} + α·f(s) into the kernel's
 * `hOut`, and into the h store at hOffset while storeH is set; the kernel defines stream_in(at).
 */
export const EPILOGUE: Include<UnitField | 'alpha' | 'storeH' | 'hOffset', 'hStore'> = {
  name: 'epilogue',
  wgsl: epilogueWgsl,
  uniform: [['alpha', 'f32'], ['storeH', 'u32'], ['hOffset', 'u32']],
  bindings: { hStore: ['rw', 'f32'] },
  needs: [UNIT_F],
};

/** P.normMode of the normalization kernels. */
export const NORM_MODE = { layer: 1, batch: 2 } as const;

/** Invocations per workgroup of the normalization kernels (one workgroup per normalized group; a power of two). */
export const NORM_WG = 64;

/**
 * The normalization kernels' constants (the modes and ε, src/sim/layers.ts NORM_EPS) and
 * group_at(g, i): element i of group g (one unit over the batch for BatchNorm, one example over
 * its units for LayerNorm) as an index of the layer's batch × nOut values.
 */
export const NORM: Include<'nOut' | 'normMode', never> = {
  name: 'norm',
  wgsl: [
    u32('NORM_LAYER', NORM_MODE.layer), u32('NORM_BATCH', NORM_MODE.batch), `const NORM_EPS: f32 = ${NORM_EPS.toExponential(8)};`,
    'fn group_at(g: u32, i: u32) -> u32 {',
    '  if (P.normMode == NORM_BATCH) { return i * P.nOut + g; }',
    '  return g * P.nOut + i;',
    '}',
  ].join('\n'),
  uniform: [['nOut', 'u32'], ['normMode', 'u32']],
};

/**
 * workgroup_sum(li, x) and workgroup_sum2(li, x: vec2): Σ x over a workgroup of NORM_WG invocations,
 * for every invocation (each writes all of its workgroup memory before reading it).
 */
export const NORM_SUM: Include<never, never> = {
  name: 'norm sum',
  wgsl: [
    'override NORM_WG: u32;',
    'var<workgroup> red: array<f32, NORM_WG>;',
    'fn workgroup_sum(li: u32, x: f32) -> f32 {',
    '  workgroupBarrier();',
    '  red[li] = x;',
    '  workgroupBarrier();',
    '  for (var half = NORM_WG / 2u; half > 0u; half >>= 1u) {',
    '    if (li < half) { red[li] = red[li] + red[li + half]; }',
    '    workgroupBarrier();',
    '  }',
    '  return red[0];',
    '}',
    'var<workgroup> red2: array<vec2<f32>, NORM_WG>;',
    'fn workgroup_sum2(li: u32, x: vec2<f32>) -> vec2<f32> {',
    '  workgroupBarrier();',
    '  red2[li] = x;',
    '  workgroupBarrier();',
    '  for (var half = NORM_WG / 2u; half > 0u; half >>= 1u) {',
    '    if (li < half) { red2[li] = red2[li] + red2[li + half]; }',
    '    workgroupBarrier();',
    '  }',
    '  return red2[0];',
    '}',
  ].join('\n'),
  overrides: { NORM_WG },
  needs: [NORM],
};

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
