/**
 * An independent float64 Jacobian for the spectrum tests: the network h_l = f(W_l h_{l−1} + b_l)
 * evaluated in float64 with the textbook activations of ./activations.ts (the same W_l, b_l and x as
 * the engines, drawn by the project's generator), J_d = ∂h_d/∂h_0 by central differences, and the
 * moments of its singular values from traces (no SVD): mean σ² = ‖J‖_F²/n, mean σ⁴ = ‖JJᵀ‖_F²/n.
 */
import { normalizeConfig, type RawConfig } from '../../src/sim/config';
import { generateBias, generateInput, generateWeights } from '../../src/sim/layers';
import { REFERENCES } from './activations';

/** J_d (n × n, row-major: row i = ∂h_d[i]/∂h_0) of input `input` of `raw`'s network for its first activation. */
export function finiteDifferenceJacobian(raw: RawConfig, depth: number, input = 0, step = 1e-6): Float64Array {
  const c = normalizeConfig({ ...raw, spectrum: true });
  const n = c.width;
  const act = c.activations[0];
  const { f } = REFERENCES[act.name];
  const weights = Array.from({ length: depth }, (_, l) => generateWeights(c.seed, l + 1, n, n, c.init));
  const biases = Array.from({ length: depth }, (_, l) => generateBias(c.seed, l + 1, n, c.sigmaB2));
  const x = Float64Array.from(generateInput(c.seed, input + 1, n).subarray(input * n));
  const forward = (h0: Float64Array): Float64Array => {
    let h = h0;
    for (let l = 0; l < depth; l++) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = biases[l]?.[i] ?? 0;
        for (let j = 0; j < n; j++) s += weights[l][i * n + j] * h[j];
        next[i] = f(s, act.param);
      }
      h = next;
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
