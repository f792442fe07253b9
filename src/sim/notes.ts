/**
 * Sentences that say what a run's special values mean: where δ is exactly 0 and why (its
 * deltaZeroCause), where a plain float32 network would have lost δ (belowFloat32), and where
 * values are Inf or NaN. The command line's table and the app's chart notes both print them.
 */
import type { DeltaZeroCause, LayerStats, RunResult } from './stats';

/** Maximal runs of consecutive layers (1-based, inclusive) where `pick` holds. */
export function layerRanges(layers: readonly LayerStats[], pick: (s: LayerStats) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (const s of layers) {
    if (!pick(s)) continue;
    const last = out[out.length - 1];
    if (last && last[1] === s.layer - 1) last[1] = s.layer;
    else out.push([s.layer, s.layer]);
  }
  return out;
}

export function formatRanges(ranges: readonly [number, number][], max = 3): string {
  const parts = ranges.slice(0, max).map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`));
  const more = ranges.length - max;
  return `${ranges.length === 1 && ranges[0][0] === ranges[0][1] ? 'layer' : 'layers'} ${parts.join(', ')}${more > 0 ? ` and ${more} more range${more > 1 ? 's' : ''}` : ''}`;
}

/** Why δ is 0 in a range of layers whose highest is `top` (a layer all 0 has one of these causes). */
function zeroReason(cause: DeltaZeroCause, top: number): string {
  switch (cause) {
    case 'zero-weights': return 'the weights are all 0, so Wᵀδ is 0 below the output';
    case 'dead-layer': return `every unit of layer ${top} is off (f′ = 0) for every input of the batch, and a 0 stays 0 below it`;
    case 'dead-input': return 'every input meets a layer whose units are all off for it';
    case 'underflow': return 'float32 cannot hold it beside the layer above';
    default: return '';
  }
}

/** The sentences for one run, without its name. */
export function runNotes(run: RunResult): string[] {
  const notes: string[] = [];
  const zero = layerRanges(run.layers, (s) => s.deltaLog10 === -Infinity);
  for (const [lo, hi] of zero) {
    const reason = zeroReason(run.layers[hi - 1].deltaZeroCause, hi);
    notes.push(`δ is exactly 0 in ${formatRanges([[lo, hi]])}${reason ? `: ${reason}` : ''}.`);
  }
  const below = layerRanges(run.layers, (s) => s.belowFloat32 && s.deltaLog10 !== -Infinity);
  if (below.length) {
    notes.push(`a plain float32 network would hold δ = 0 in ${formatRanges(below)} (max |δ| below float32's smallest normal, 2⁻¹²⁶ ≈ 1.2e−38); here δ carries its exponent.`);
  }
  // Where each pass meets Inf/NaN first: δ going down from the output, the forward pass going up from the input.
  const inf = layerRanges(run.layers, (s) => s.deltaLog10 === Infinity);
  const nan = layerRanges(run.layers, (s) => Number.isNaN(s.deltaLog10));
  const fwd = layerRanges(run.layers, (s) => s.forwardNonFinite);
  const fromTop = (ranges: [number, number][]): number => ranges[ranges.length - 1][1];
  if (inf.length) notes.push(`δ overflows to Inf in ${formatRanges(inf)}, first at layer ${fromTop(inf)} going down.`);
  if (nan.length) notes.push(`δ is NaN in ${formatRanges(nan)}, first at layer ${fromTop(nan)} going down.`);
  if (fwd.length) notes.push(`the forward pass holds Inf or NaN in ${formatRanges(fwd)}, first at layer ${fwd[0][0]} going up (statistics cover the finite entries).`);
  return notes;
}
