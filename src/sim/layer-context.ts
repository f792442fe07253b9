/**
 * From a run's accumulators and exponents to its published layers: the cross-layer part of
 * finalization, shared by both engines. Walking from the output down, it decides for every layer
 * whether a plain float32 network would hold δ = 0 there (belowFloat32) and why δ has exact zeros
 * (DELTA_ZERO_CAUSES in stats.ts), then finalizes each layer with that context.
 */
import { FLOAT32_MIN_NORMAL_EXP, float32Exponent } from './exponent';
import { finalizeLayer, type DeltaZeroCause, type LayerContext, type LayerDims, type LayerStats, type RawLayerStats } from './stats';

/** The exponents both engines carry (src/sim/exponent.ts), index l − 1. */
export interface RunExponents {
  /** F_l: s_l = s̃_l · 2^F_l and h_l = h̃_l · 2^F_l; all 0 unless the forward pass is rescaled. */
  forward: Int32Array;
  /** E_l: δ_l = δ̃_l · 2^E_l. */
  delta: Int32Array;
}

export function emptyExponents(depth: number): RunExponents {
  return { forward: new Int32Array(depth), delta: new Int32Array(depth) };
}

export interface RunFinalizeOptions {
  /** Every weight is 0 (σ_w² = 0: zero init, or a zero variance or gain). */
  zeroWeights: boolean;
  weightGrads: boolean;
}

/**
 * The cause of δ_l's zeros, given the layer above (null at the output). Every zero where f′(s_l) ≠ 0
 * is a zero of (W_{l+1}ᵀ δ_{l+1}): with nonzero weights that is an input whose δ_{l+1} is all 0
 * (it met a layer whose every unit was off for it), or else float32 losing an entry beside the
 * layer's largest.
 */
function zeroCause(raw: RawLayerStats, entries: number, above: { cause: DeltaZeroCause; allZero: boolean } | null, zeroWeights: boolean): DeltaZeroCause {
  const zeros = raw.deltaZeroCount;
  if (zeros === 0) return 'none';
  if (zeroWeights) return 'zero-weights';
  const inherited = above !== null && above.cause !== 'none' && above.cause !== 'underflow';
  if (zeros === entries) {
    if (above?.allZero) return above.cause;
    if (raw.fprimeZeroCount === entries) return 'dead-layer';
    return inherited ? 'dead-input' : 'underflow';
  }
  if (zeros <= raw.fprimeZeroCount) return 'fprime';
  return inherited ? 'dead-input' : 'underflow';
}

/** Every layer's statistics (layer 1 first) from the accumulators and exponents of one run. */
export function finalizeRun(raws: readonly RawLayerStats[], exps: RunExponents, dims: LayerDims, opts: RunFinalizeOptions): LayerStats[] {
  const depth = raws.length;
  const entries = dims.batch * dims.width;
  const out = new Array<LayerStats>(depth);
  let above: { cause: DeltaZeroCause; allZero: boolean } | null = null;
  let below = false;
  for (let i = depth - 1; i >= 0; i--) {
    const raw = raws[i];
    const E = exps.delta[i];
    // max |δ_l| = max |δ̃_l| · 2^E_l; a plain float32 network flushes it to 0 below 2^−126, and then every layer under it.
    below ||= raw.delta.scale > 0 && float32Exponent(raw.delta.scale) + E < FLOAT32_MIN_NORMAL_EXP;
    const cause = zeroCause(raw, entries, above, opts.zeroWeights);
    const ctx: LayerContext = {
      ...dims, deltaExp2: E, forwardExp2: exps.forward[i], inputExp2: i > 0 ? exps.forward[i - 1] : 0,
      belowFloat32: below, deltaZeroCause: cause,
    };
    out[i] = finalizeLayer(raw, i + 1, ctx, opts.weightGrads);
    above = { cause, allZero: raw.deltaZeroCount === entries };
  }
  return out;
}
