/**
 * The tile shapes of the matmul kernels (shaders/tile.wgsl), their shape classes and the order in
 * which they are tried: one declaration per kernel (forward, backward, weight_grad), its variants
 * made with `withOverrides`. Which variant runs a given shape on a given adapter is decided by
 * timing them (src/gpu/autotune.ts); every variant sums each output in the same order with the
 * same operations, so the choice changes the speed, never the numbers.
 */
import type { AdapterInfo } from '../sim/stats';
import { backwardKernel, backwardRegenKernel } from './backward';
import { forwardKernel, forwardRegenKernel } from './forward';
import { MATMUL_TILE, type MatmulTile } from './includes';
import { withOverrides, type KernelSpec } from './kernel';
import { weightGradKernel } from './weight-grad';

/**
 * The variants, by name: invocations (columns × rows) / outputs per invocation (rows × columns) /
 * reduction slice. Small tiles with long slices suit a CPU-run adapter (SwiftShader: fewer barriers,
 * few registers); 16 × 16 invocations with 8 × 8 outputs, the shape of a large matmul on a GPU.
 * Workgroup memory: 4·TK·(TM + TN) bytes, at most 12 KiB (the 16 KiB every adapter offers,
 * less the epilogue's own words).
 */
export const MATMUL_VARIANTS = {
  '8x8/4x4/k32': MATMUL_TILE,
  '8x8/8x4/k32': { WG_X: 8, WG_Y: 8, TK: 32, RQ: 2, CQ: 1 },
  '16x16/4x4/k16': { WG_X: 16, WG_Y: 16, TK: 16, RQ: 1, CQ: 1 },
  '16x8/8x8/k16': { WG_X: 16, WG_Y: 8, TK: 16, RQ: 2, CQ: 2 },
  '16x16/8x8/k8': { WG_X: 16, WG_Y: 16, TK: 8, RQ: 2, CQ: 2 },
} as const satisfies Record<string, MatmulTile>;

export type VariantName = keyof typeof MATMUL_VARIANTS;
export const VARIANT_NAMES = Object.keys(MATMUL_VARIANTS) as VariantName[];

/** The three products and their simulation kernels (training's forward and backward share the choice). */
export const MATMUL_KINDS = ['forward', 'backward', 'weightGrad'] as const;
export type MatmulKind = (typeof MATMUL_KINDS)[number];

/** A product's shape: rows × cols outputs, each a sum over k terms. */
export interface MatmulShape {
  rows: number;
  cols: number;
  k: number;
}

const BUCKETS = [[64, 's'], [512, 'm'], [Infinity, 'l']] as const;
const bucket = (n: number): string => BUCKETS.find(([limit]) => n <= limit)![1];

/** The shape class a tuned choice holds for: each dimension small (≤ 64), medium (≤ 512) or large. */
export function shapeClass(s: MatmulShape): string {
  return `${bucket(s.rows)}${bucket(s.cols)}${bucket(s.k)}`;
}

/** The simulation's three products of a layer: forward and backward batch × width by width, the weight gradient width × width by batch. */
export function runShapes(width: number, batch: number): Record<MatmulKind, MatmulShape> {
  return {
    forward: { rows: batch, cols: width, k: width },
    backward: { rows: batch, cols: width, k: width },
    weightGrad: { rows: width, cols: width, k: batch },
  };
}

/** The untuned choice: the first variant that fits the device, in an order by kind of adapter and shape. */
export function priorOrder(adapter: AdapterInfo, shape: MatmulShape): VariantName[] {
  if (adapter.isSoftware) return ['8x8/4x4/k32', '8x8/8x4/k32', '16x16/4x4/k16', '16x8/8x8/k16', '16x16/8x8/k8'];
  const outputs = shape.rows * shape.cols;
  if (outputs >= 512 * 512) return ['16x16/8x8/k8', '16x8/8x8/k16', '16x16/4x4/k16', '8x8/8x4/k32', '8x8/4x4/k32'];
  if (outputs >= 128 * 128) return ['16x16/4x4/k16', '16x8/8x8/k16', '8x8/8x4/k32', '8x8/4x4/k32', '16x16/8x8/k8'];
  return ['8x8/4x4/k32', '8x8/8x4/k32', '16x16/4x4/k16', '16x8/8x8/k16', '16x16/8x8/k8'];
}

/** Workgroup memory a variant's tiles take. */
export function tileBytes(t: MatmulTile): number {
  return 4 * t.TK * 4 * (t.WG_Y * t.RQ + t.WG_X * t.CQ);
}

/** Whether a variant fits the device's workgroup limits (with room for the epilogue's workgroup words). */
export function variantFits(t: MatmulTile, limits: { maxComputeWorkgroupStorageSize: number; maxComputeInvocationsPerWorkgroup: number }): boolean {
  return tileBytes(t) + 256 <= limits.maxComputeWorkgroupStorageSize && t.WG_X * t.WG_Y <= limits.maxComputeInvocationsPerWorkgroup;
}

/** A kernel declaration as the given variant (its own pipeline; the label says which). */
export function asVariant<F extends string, B extends string>(spec: KernelSpec<F, B>, name: VariantName): KernelSpec<F, B> {
  return withOverrides(spec, `${spec.label} ${name}`, MATMUL_VARIANTS[name]);
}

/** The variant of each product a run uses. */
export type MatmulChoice = Record<MatmulKind, VariantName>;

/** The simulation's kernel of a product, in a weight mode. */
export function simulationKernel(kind: MatmulKind, storeWeights: boolean): KernelSpec {
  switch (kind) {
    case 'forward': return storeWeights ? forwardKernel : forwardRegenKernel;
    case 'backward': return storeWeights ? backwardKernel : backwardRegenKernel;
    case 'weightGrad': return weightGradKernel;
  }
}
