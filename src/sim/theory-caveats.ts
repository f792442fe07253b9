/**
 * Where the mean-field δ prediction is known not to follow a finite network, found by the theory
 * atlas (src/sim/atlas.ts, `npm run atlas`, README "Theory atlas") and explained there. Each caveat
 * is decided from the prediction itself, so any configuration in the same regime carries the note:
 *
 * - A q path that finite width can push off course (Poole et al. 2016, Fig. 1: q_{l+1} = V(q_l)): near an
 *   unstable fixed point of V, or where V(q) ≈ q lets q creep for many layers while χ still depends on q, the
 *   mean-field q is one path among many: in a network of width n each layer moves q by a relative O(1/√n),
 *   and networks fall to either side (GELU and swish near σ_w² = 2: q collapses in the prediction and grows
 *   in most networks). Detected by redoing the prediction from a perturbed q₁.
 * - Gradient independence (Schoenholz et al. 2017, §4; Yang 2019) failing for a smooth activation in the
 *   marginal phase where q grows with no fixed point and χ → 1 (softplus near σ_w² = 2): a float64 model with
 *   fresh backward weights follows the prediction, the network's own weights give δ about two decades larger at
 *   depth 100, at widths 256 to 1024 alike, so it is not a finite-width effect.
 */
import type { ActivationFn } from './activations';
import type { PhasePoint } from './theory';

/**
 * A network of width n moves q by a relative O(√(2/n)) per layer (the Gaussian sum behind q has n terms;
 * for ReLU-like units its relative variance is 5/n). The prediction is redone from q₁(1 ± that) and
 * called sensitive where δ's line moves by more than this many decades.
 */
const SENSITIVE_DECADES = 0.1;

/** log₁₀ δ at every layer from the per-layer χ (δ_depth = 1), as layerTheory multiplies them. */
function deltaLine(chi: readonly number[]): number[] {
  const out = new Array<number>(chi.length).fill(0);
  for (let l = chi.length - 2; l >= 0; l--) out[l] = out[l + 1] + Math.log10(chi[l]) / 2;
  return out;
}

/** χ along the mean-field path from q₁. */
function chiPath(V: (q: number) => number, chiOf: (q: number) => number, q1: number, depth: number): number[] {
  const chi: number[] = [];
  for (let l = 0, q = q1; l < depth; l++, q = V(q)) chi.push(chiOf(q));
  return chi;
}

/**
 * The largest change, in decades, of the δ line when q₁ moves by its finite-width fluctuation;
 * `chi` is the prediction's own χ path (from its q₁), so only the two moved paths are computed.
 */
export function finiteWidthSensitivity(V: (q: number) => number, chiOf: (q: number) => number, q1: number, chi: readonly number[], width: number): number {
  const eps = Math.min(0.5, Math.sqrt(2 / width));
  const base = deltaLine(chi);
  let worst = 0;
  for (const k of [1 - eps, 1 + eps]) {
    const line = deltaLine(chiPath(V, chiOf, q1 * k, chi.length));
    for (let l = 0; l < chi.length; l++) {
      const d = Math.abs(line[l] - base[l]);
      if (d > worst) worst = d;
    }
  }
  return worst;
}

export interface CaveatInput {
  act: ActivationFn;
  /** False where --backward replaces f′: the atlas did not measure those. */
  exactDerivative: boolean;
  V: (q: number) => number;
  /** χ at q: σ_w² E[f′(√q z)²]. */
  chiOf: (q: number) => number;
  /** The predicted q_l and χ_l, layer by layer. */
  q: readonly number[];
  chi: readonly number[];
  point: PhasePoint;
  width: number;
}

const fmt = (x: number): string => x.toPrecision(2);

/** The notes of a prediction in a regime where it does not follow the network, or none. */
export function meanFieldCaveats({ act, exactDerivative, V, chiOf, q, chi, point, width }: CaveatInput): string[] {
  const notes: string[] = [];
  const moved = finiteWidthSensitivity(V, chiOf, q[0], chi, width);
  if (moved > SENSITIVE_DECADES) {
    notes.push(
      `q's path is sensitive here: a change of q by its finite-width fluctuation (√(2/width) = ${fmt(Math.min(0.5, Math.sqrt(2 / width)))}) moves the δ line by ${fmt(moved)} decades, ` +
        'so single networks of this width leave the mean-field path (towards collapse or growth) and the δ line describes them only roughly',
    );
  }
  const smooth = act.def.kinks.length === 0 && exactDerivative && act.def.name !== 'linear';
  if (smooth && !Number.isFinite(point.qStar) && Math.abs(point.chi1 - 1) < 0.05) {
    notes.push(
      'q grows with no fixed point while χ → 1: here the gradient-independence assumption behind the δ line fails ' +
        '(fresh backward weights follow it; the network\'s own weights give δ up to ~2 decades larger at depth 100, at any width)',
    );
  }
  return notes;
}
