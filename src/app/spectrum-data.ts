/**
 * What the spectrum charts draw, from a result's RunSpectrum (src/sim/spectrum.ts): the density of
 * log₁₀ σ per run and depth (σ = 0, a dead unit's row of J, counted apart, with those at float32's
 * rounding of J), and σ_max, the smallest
 * nonzero σ, the root mean square √mean σ² and the mean-field √Π χ_l against depth.
 */
import type { SimResult } from '../sim/stats';
import { theoryLog10MeanSqAt } from '../sim/spectrum';
import type { ConfigTheory } from '../sim/theory-cli';

/**
 * The σ a chart can resolve: J is computed in float32, so a σ below width · 2⁻²⁴ · σ_max is at its
 * rounding (a ReLU net's rank-deficient J gives such values where the true σ is 0): counted as 0.
 */
function resolved(values: readonly number[], width: number): number[] {
  const floor = width * 2 ** -24 * values[0];
  return values.filter((s) => s > floor && Number.isFinite(s));
}

export interface SpectrumDensity {
  /** Bin centres in log₁₀ σ. */
  x: number[];
  /** Per run and requested depth: the density per decade (the fraction of all σ in a bin / its width). */
  curves: { activation: string; depth: number; density: number[]; zeroFraction: number }[];
}

const BINS = 48;

/** Densities of log₁₀ σ on one set of bins covering every nonzero σ of the result. */
export function spectrumDensity(result: SimResult): SpectrumDensity | null {
  const runs = result.runs.filter((r) => r.spectrum);
  const logs = runs.flatMap((r) => r.spectrum!.singularValues.map((v) => resolved(v, result.config.width).map(Math.log10)));
  const all = logs.flat();
  if (all.length === 0) return null;
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi - lo < 0.2) { lo -= 0.1; hi += 0.1; }
  const width = (hi - lo) / BINS;
  const x = Array.from({ length: BINS }, (_, i) => lo + (i + 0.5) * width);
  let k = 0;
  const curves = runs.flatMap((r) => r.spectrum!.depths.map((depth, di) => {
    const values = logs[k++];
    const total = r.spectrum!.singularValues[di].length;
    const density = new Array<number>(BINS).fill(0);
    for (const v of values) density[Math.min(BINS - 1, Math.floor((v - lo) / width))] += 1 / (total * width);
    return { activation: r.activation, depth, density, zeroFraction: (total - values.length) / total };
  }));
  return { x, curves };
}

export interface SpectrumRange {
  activation: string;
  depths: number[];
  log10Max: number[];
  /** log₁₀ of the smallest σ above float32's rounding of J (σ = 0 has no logarithm); null where there is none. */
  log10MinNonzero: (number | null)[];
  log10Rms: number[];
  /** √Π χ_l, the mean-field root mean square (once the theory has arrived). */
  theoryLog10Rms: number[] | null;
}

/** σ_max, the smallest nonzero σ and the RMS of σ against depth, per run. */
export function spectrumRanges(result: SimResult, theory: ConfigTheory | null): SpectrumRange[] {
  return result.runs.filter((r) => r.spectrum).map((r) => {
    const s = r.spectrum!;
    const chi = theory?.[r.activation]?.chi;
    return {
      activation: r.activation,
      depths: s.depths,
      log10Max: s.log10Max,
      log10MinNonzero: s.singularValues.map((v) => {
        const nonzero = resolved(v, result.config.width);
        return nonzero.length > 0 ? Math.log10(nonzero.at(-1)!) : null;
      }),
      log10Rms: s.log10MeanSq.map((lg) => lg / 2),
      theoryLog10Rms: chi ? theoryLog10MeanSqAt(chi, s.depths).map((lg) => lg / 2) : null,
    };
  });
}
