/**
 * The theory atlas (#11): for each activation and a few Gaussian weight scales, how far the mean-field
 * prediction of δ (theoryDeltaLog10) lies from the simulated δ (the median over seeds of deltaLog10),
 * layer by layer. The grid is declared here once; `npm run atlas` prints it for the README and
 * src/sim/atlas.test.ts checks a part of it against stated tolerances.
 */
import { ACTIVATIONS } from './activations';
import { normalizeConfig, type RawConfig, type SimConfig } from './config';
import { edgeOfChaos } from './phase';
import { runActivation } from './specs';
import type { SimResult } from './stats';
import { addTheory } from './theory-cli';

/** One weight scale of the grid; `critical` and `chaotic` depend on the activation (its edge of chaos at σ_b² = 0.05). */
export type AtlasScale = 'he-normal' | 'lecun-normal' | 'critical' | 'chaotic';
export const ATLAS_SCALES: readonly AtlasScale[] = ['he-normal', 'lecun-normal', 'critical', 'chaotic'];

export const ATLAS_SIGMA_B2 = 0.05;

export interface AtlasCell {
  activation: string;
  scale: AtlasScale;
  sigmaW2: number;
  sigmaB2: number;
}

/** The configuration of one cell, or null where the activation has no edge of chaos at σ_b² = 0.05 below σ_w² = 10. */
export function atlasCell(activation: string, scale: AtlasScale): AtlasCell | null {
  if (scale === 'he-normal') return { activation, scale, sigmaW2: 2, sigmaB2: 0 };
  if (scale === 'lecun-normal') return { activation, scale, sigmaW2: 1, sigmaB2: 0 };
  const [edge] = edgeOfChaos(runActivation(activation), [ATLAS_SIGMA_B2]);
  if (!Number.isFinite(edge) || edge <= 0) return null;
  return { activation, scale, sigmaW2: scale === 'critical' ? edge : 2 * edge, sigmaB2: ATLAS_SIGMA_B2 };
}

/** Every cell: 13 activations × the scales (where they exist). */
export function atlasCells(): AtlasCell[] {
  return ACTIVATIONS.flatMap((a) => ATLAS_SCALES.map((s) => atlasCell(a.name, s)).filter((c): c is AtlasCell => c !== null));
}

export interface AtlasSize {
  depth: number;
  width: number;
  batch: number;
  seeds: number;
}

/** The size: width 512, depth 100, 16 seeds. */
export const ATLAS_SIZE: AtlasSize = { depth: 100, width: 512, batch: 32, seeds: 16 };

export function atlasConfig(cell: AtlasCell, size: AtlasSize): SimConfig {
  const raw: RawConfig = {
    activations: cell.activation, depth: size.depth, width: size.width, batch: size.batch,
    init: cell.scale === 'he-normal' || cell.scale === 'lecun-normal' ? cell.scale : 'custom',
    sigmaB2: cell.sigmaB2,
    ...(cell.scale === 'critical' || cell.scale === 'chaotic' ? { sigmaW2: cell.sigmaW2 } : {}),
  };
  return normalizeConfig(raw);
}

export interface AtlasGap {
  /** The largest |median simulated deltaLog10 − theoryDeltaLog10| over the layers, in decades. */
  worst: number;
  /** Where it is. */
  layer: number;
  /** The simulation's and the theory's deltaLog10 at layer 1. */
  simFirst: number;
  theoryFirst: number;
  /** The run's theory note: why the prediction may not apply. */
  note: string | null;
}

/** The gap of a seed-aggregated result (its layers are medians over seeds). */
export function atlasGap(median: SimResult): AtlasGap {
  const run = addTheory(median).runs[0];
  let worst = -1, layer = 0;
  for (const l of run.layers) {
    const gap = Math.abs(l.deltaLog10 - (l.theoryDeltaLog10 ?? NaN));
    if (!(gap <= worst)) [worst, layer] = [gap, l.layer];
  }
  return { worst, layer, simFirst: run.layers[0].deltaLog10, theoryFirst: run.layers[0].theoryDeltaLog10 ?? NaN, note: run.theory?.note ?? null };
}
