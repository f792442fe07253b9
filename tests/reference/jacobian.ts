/**
 * An independent float64 Jacobian for the spectrum tests: the network h_l = f(s_l), s_l = N(W_l h_{l−1} + b_l)
 * (or h_{l−1} + α·f(s_l) with the residual stream; N the LayerNorm of each example or none; a mixed
 * layer's units in contiguous groups) evaluated in float64 with the textbook activations of
 * ./activations.ts (the same W_l, b_l and x as the engines, drawn by the project's generator), J_d = ∂h_d/∂h_0 by central differences, and the
 * moments of its singular values from traces (no SVD): mean σ² = ‖J‖_F²/n, mean σ⁴ = ‖JJᵀ‖_F²/n.
 */
import { normalizeConfig, type RawConfig } from '../../src/sim/config';
import { NORM_EPS, generateBias, generateInput, generateWeights } from '../../src/sim/layers';
import { partRanges } from '../../src/sim/specs';
import { REFERENCES } from './activations';

/** J_d (n × n, row-major: row i = ∂h_d[i]/∂h_0) of input `input` of `raw`'s network for its first activation. */
export function finiteDifferenceJacobian(raw: RawConfig, depth: number, input = 0, step = 1e-6): Float64Array {
  const c = normalizeConfig({ ...raw, spectrum: true });
  const n = c.width;
  if (c.norm === 'batch') throw new Error('a Jacobian of one input has no batch to normalize over');
  const run = c.activations[0];
  const unitF = partRanges(run, n).flatMap(({ start, end }, k) => {
    const part = run.parts[k];
    return Array.from({ length: end - start }, () => (s: number) => REFERENCES[part.name].f(s, part.param));
  });
  const weights = Array.from({ length: depth }, (_, l) => generateWeights(c.seed, l + 1, n, n, c.init));
  const biases = Array.from({ length: depth }, (_, l) => generateBias(c.seed, l + 1, n, c.sigmaB2));
  const x = Float64Array.from(generateInput(c.seed, input + 1, n, undefined, undefined, c.inputStd).subarray(input * n));
  const forward = (h0: Float64Array): Float64Array => {
    let h = h0;
    for (let l = 0; l < depth; l++) {
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = biases[l]?.[i] ?? 0;
        for (let j = 0; j < n; j++) s[i] += weights[l][i * n + j] * h[j];
      }
      if (c.norm === 'layer') {
        const mean = s.reduce((a, v) => a + v, 0) / n;
        const variance = s.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
        for (let i = 0; i < n; i++) s[i] = (s[i] - mean) / Math.sqrt(variance + NORM_EPS);
      }
      const prev = h;
      h = Float64Array.from(s, (v, i) => (c.alpha > 0 ? prev[i] + c.alpha * unitF[i](v) : unitF[i](v)));
    }
    return h;
  };
  const J = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const up = Float64Array.from(x), down = Float64Array.from(x);
    up[j] += step;
    down[j] -= step;
    const a = forward(up), b = forward(down);
    for (let i = 0; i < n; i++) J[i * n + j] = (a[i] - b[i]) / (2 * step);
  }
  return J;
}

/** Mean σ² and mean σ⁴ of an n × n matrix from traces: ‖J‖_F²/n and ‖JJᵀ‖_F²/n. */
export function traceMoments(J: Float64Array, n: number): { meanSq: number; secondMomentSq: number } {
  let frob = 0;
  for (const v of J) frob += v * v;
  let gram = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      let g = 0;
      for (let j = 0; j < n; j++) g += J[i * n + j] * J[k * n + j];
      gram += g * g;
    }
  }
  return { meanSq: frob / n, secondMomentSq: gram / n };
}
