/**
 * The input–output Jacobian's singular values (dynamical isometry; Pennington, Schoenholz & Ganguli
 * 2017, "Resurrecting the sigmoid in deep learning through dynamical isometry"). J_d = ∂h_d/∂h_0 for
 * one input x is computed by the engines' own backward pass (src/sim/cpu-engine.ts,
 * src/gpu/webgpu-engine.ts): a forward pass with x replicated `width` times, so every example sees
 * the same D_l = diag f′(s_l), then the backward recurrence from depth d with the one-hot rows
 * ∂L/∂h_d = e_i as its top (δ_d = e_i ⊙ f′(s_d)); the gradient below layer 1, g_0 = W_1ᵀ δ_1, has
 * the rows of J_d. The engines store J̃ = J · 2^−E with δ's carried exponent E (src/sim/exponent.ts);
 * the singular values are those of J̃ in float64 (ml-matrix's SVD, Golub–Kahan), times 2^E.
 *
 * Here: what a run asks for (`SpectrumRequest`), the singular values of one J̃, the per-depth summary
 * the output reports, and the closed forms the tests and the charts compare with.
 */
import { SingularValueDecomposition, Matrix } from 'ml-matrix';
import type { RunActivation, SimConfig } from './config';
import { LOG10_2 } from './exponent';

/** The Jacobians one run computes: at these depths, for inputs 0 … inputs − 1 of the input stream. */
export interface SpectrumRequest {
  depths: readonly number[];
  inputs: number;
}

/** What `--spectrum` asks of `config`, or null without it. The depths ascend; the default is the final depth. */
export function spectrumRequest(config: Pick<SimConfig, 'spectrum' | 'spectrumAt' | 'spectrumInputs' | 'depth'>): SpectrumRequest | null {
  if (!config.spectrum) return null;
  const depths = config.spectrumAt === null ? [config.depth] : [...new Set(config.spectrumAt)].sort((a, b) => a - b);
  return { depths, inputs: config.spectrumInputs };
}

/**
 * The probe run that computes J_d for one input: the same network cut at depth d (W_l and b_l depend
 * only on the seed and l), one activation, a batch of `width` one-hot rows, nothing else asked.
 */
export function jacobianConfig(config: SimConfig, run: RunActivation, depth: number): SimConfig {
  return {
    ...config, depth, batch: config.width, activations: [run], top: 'random', weightGrads: false, spectrum: false, spectrumAt: null, spectrumInputs: 1,
  };
}

/** How a probe run replaces the batch and the top: x is input `input` replicated, δ_depth = e_b ⊙ f′(s_depth). */
export interface JacobianProbe {
  input: number;
}

/** J̃ as the engines return it: row i = g̃_0 for the top e_i (width × width, row-major), J = J̃ · 2^exp2. */
export interface ScaledJacobian {
  rows: Float32Array;
  exp2: number;
}

/**
 * The singular values of J̃ (width × width), descending, in float64. Below width · 2⁻⁵² · σ_max, the
 * SVD's own accuracy, a value is 0: a ReLU net's dead units make J exactly rank-deficient, and the
 * algorithm returns such zeros as arbitrary tiny numbers (1e−97).
 */
export function singularValues(jacobian: Float32Array, width: number): Float64Array {
  const m = new Matrix(width, width);
  for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) m.set(i, j, jacobian[i * width + j]);
  const svd = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: false });
  const sigma = Float64Array.from(svd.diagonal).sort().reverse();
  const floor = width * 2 ** -52 * sigma[0];
  return sigma.map((s) => (s < floor ? 0 : s));
}

/**
 * Per requested depth (the arrays run alongside `depths`): the singular values of the Jacobians of
 * every input, pooled and descending, and their summary. Where σ is beyond float64 (|log₁₀ σ| above
 * about 307: thousands of layers far from criticality) the plain values are 0 or Infinity (null in
 * JSON) and the log₁₀ fields still hold the scale.
 */
export interface RunSpectrum {
  depths: number[];
  /** Inputs whose spectra are pooled at every depth. */
  inputs: number;
  singularValues: number[][];
  /** Mean of σ² (= tr JJᵀ / width): the squared gradient norm's average gain. */
  meanSq: number[];
  /** Mean of σ⁴, the second moment of σ² (Fuss–Catalan: depth + 1 for a linear Gaussian net at σ_w² = 1). */
  secondMomentSq: number[];
  max: number[];
  min: number[];
  /** σ_max / σ_min (Infinity where σ_min is 0). */
  condition: number[];
  log10Max: number[];
  log10Min: number[];
  log10MeanSq: number[];
  /** Mean-field mean of σ², Π_{l ≤ d} χ_l (with --theory), and its log₁₀. */
  theoryMeanSq?: number[];
  theoryLog10MeanSq?: number[];
}

/** The per-depth summary fields of a RunSpectrum, in the CSV's column order (the theory's only with --theory). */
export const SPECTRUM_SUMMARY = [
  'meanSq', 'secondMomentSq', 'max', 'min', 'condition', 'log10Max', 'log10Min', 'log10MeanSq', 'theoryMeanSq', 'theoryLog10MeanSq',
] as const satisfies readonly (keyof RunSpectrum)[];
export type SpectrumSummaryField = (typeof SPECTRUM_SUMMARY)[number];

/** One summary row per requested depth: the CSV's spectrum section and the table's lines. */
export function spectrumRows(spectrum: RunSpectrum): ({ depth: number; inputs: number } & Partial<Record<SpectrumSummaryField, number>>)[] {
  return spectrum.depths.map((depth, k) => ({
    depth, inputs: spectrum.inputs,
    ...Object.fromEntries(SPECTRUM_SUMMARY.filter((f) => spectrum[f] !== undefined).map((f) => [f, (spectrum[f] as number[])[k]])),
  }));
}

/** log₁₀ of a sum of 2^(2·exp2)·Σσ̃² terms without overflow: the log of the mean of σ^power over all entries. */
function log10MeanPower(parts: { sigma: Float64Array; exp2: number }[], power: number): number {
  const logs = parts.map(({ sigma, exp2 }) => {
    let s = 0;
    for (const x of sigma) s += x ** power;
    return Math.log10(s) + power * exp2 * LOG10_2;
  });
  const top = Math.max(...logs);
  if (!Number.isFinite(top)) return top;
  const count = parts.reduce((c, p) => c + p.sigma.length, 0);
  return top + Math.log10(logs.reduce((s, lg) => s + 10 ** (lg - top), 0)) - Math.log10(count);
}

/** One depth's pooled spectrum from each input's J̃. */
export function depthSpectrum(jacobians: readonly ScaledJacobian[], width: number) {
  const parts = jacobians.map((j) => ({ sigma: singularValues(j.rows, width), exp2: j.exp2 }));
  const trueValues = parts.flatMap(({ sigma, exp2 }) => Array.from(sigma, (s) => s * 2 ** exp2)).sort((a, b) => b - a);
  const logOf = (s: number, e: number): number => Math.log10(s) + e * LOG10_2;
  const log10Max = Math.max(...parts.map((p) => logOf(p.sigma[0], p.exp2)));
  const log10Min = Math.min(...parts.map((p) => logOf(p.sigma[p.sigma.length - 1], p.exp2)));
  const log10MeanSq = log10MeanPower(parts, 2);
  return {
    singularValues: trueValues,
    meanSq: 10 ** log10MeanSq,
    secondMomentSq: 10 ** log10MeanPower(parts, 4),
    max: 10 ** log10Max,
    min: 10 ** log10Min,
    condition: 10 ** (log10Max - log10Min),
    log10Max, log10Min, log10MeanSq,
  };
}

/** A run's spectrum from the Jacobians computed at each requested depth (jacobians[k] for depths[k]). */
export function runSpectrum(request: SpectrumRequest, jacobians: readonly (readonly ScaledJacobian[])[], width: number): RunSpectrum {
  const per = jacobians.map((js) => depthSpectrum(js, width));
  const col = <K extends keyof (typeof per)[number]>(k: K): (typeof per)[number][K][] => per.map((p) => p[k]);
  return {
    depths: [...request.depths], inputs: request.inputs, singularValues: col('singularValues'),
    meanSq: col('meanSq'), secondMomentSq: col('secondMomentSq'), max: col('max'), min: col('min'), condition: col('condition'),
    log10Max: col('log10Max'), log10Min: col('log10Min'), log10MeanSq: col('log10MeanSq'),
  };
}

/**
 * Mean field: E[‖J_d v‖²]/‖v‖² = Π_{l=1}^{d} χ_l with χ_l = σ_w² E[f′(√q_l z)²] (Poole et al. 2016;
 * Pennington et al. 2017, eq. 3), so the mean of σ² is that product; `chi[l − 1]` is χ_l.
 */
export function theoryLog10MeanSqAt(chi: readonly number[], depths: readonly number[]): number[] {
  return depths.map((d) => chi.slice(0, d).reduce((s, c) => s + Math.log10(c), 0));
}

/** The spectrum with its mean-field mean of σ² (`chi[l − 1]` = χ_l of the run's theory). */
export function withTheoryMeanSq(spectrum: RunSpectrum, chi: readonly number[]): RunSpectrum {
  const theoryLog10MeanSq = theoryLog10MeanSqAt(chi, spectrum.depths);
  return { ...spectrum, theoryMeanSq: theoryLog10MeanSq.map((lg) => 10 ** lg), theoryLog10MeanSq };
}

/**
 * The k-th moment of σ² for a product of `depth` Gaussian matrices with σ_w² = 1 (a linear net) at
 * infinite width: the Fuss–Catalan number binom((L+1)k, k)/(Lk + 1) (Pennington et al. 2017, §2.3);
 * k = 2 gives L + 1.
 */
export function fussCatalan(depth: number, k: number): number {
  let binom = 1;
  for (let i = 1; i <= k; i++) binom = (binom * ((depth + 1) * k - k + i)) / i;
  return binom / (depth * k + 1);
}
