/**
 * Dying ReLU at birth (Lu et al. 2019, "Dying ReLU and initialization: theory and numerical examples").
 * In a zero-bias ReLU net whose weights are symmetric about 0, an input that is still alive at layer
 * l − 1 (h_{l−1} ≠ 0) makes the n pre-activations s_l = W_l h_{l−1} independent and symmetric, so all
 * n are ≤ 0 with probability 2^−n; once h_l = 0 every later layer is 0 too. Hence
 *   P(an input reaches layer L as all zeros) = 1 − (1 − 2^−n)^L,
 * which tends to 1 with depth at any fixed width: a deep, narrow ReLU net is born dead.
 */
import { getActivation } from './activations';
import type { InitSpec } from './inits';
import { forwardLayer, generateInput, generateWeights } from './layers';
import { referenceBackend } from './reference-backend';

export function bornDeadProbability(width: number, depth: number): number {
  // 1 − (1 − p)^L without cancellation for tiny p = 2^−n.
  return -Math.expm1(depth * Math.log1p(-(2 ** -width)));
}

export interface BornDeadSimulation {
  width: number;
  depth: number;
  /** Inputs followed: seeds × batch. */
  samples: number;
  /** deadFraction[l − 1]: fraction of inputs whose h_l is all zeros, l = 1..depth. */
  deadFraction: number[];
}

/**
 * Follows `batch` inputs through `seeds` independent zero-bias ReLU nets (seeds firstSeed, firstSeed + 1, …)
 * with the engine's own generator and forward kernel, and counts inputs whose row of h_l is all zeros.
 * Inputs of one net share its weights; use batch 1 for independent samples.
 */
export function simulateBornDead(opts: {
  width: number; depth: number; seeds: number; firstSeed?: number; batch?: number; init?: InitSpec;
}): BornDeadSimulation {
  const { width: n, depth, seeds } = opts;
  const batch = opts.batch ?? 1;
  const init = opts.init ?? { name: 'he-normal' };
  const relu = getActivation('relu');
  const reference = referenceBackend();
  const counts = new Array<number>(depth).fill(0);
  const s = new Float32Array(batch * n);
  for (let k = 0; k < seeds; k++) {
    const seed = (opts.firstSeed ?? 1) + k;
    let h: Float32Array = generateInput(seed, batch, n);
    let next: Float32Array = new Float32Array(batch * n);
    for (let l = 1; l <= depth; l++) {
      forwardLayer(reference, generateWeights(seed, l, n, n, init), null, h, s, next, { batch, nIn: n, nOut: n }, relu, 0);
      [h, next] = [next, h];
      for (let b = 0; b < batch; b++) {
        let allZero = true;
        for (let j = 0; j < n && allZero; j++) if (h[b * n + j] !== 0) allZero = false;
        if (allZero) counts[l - 1]++;
      }
    }
  }
  const samples = seeds * batch;
  return { width: n, depth, samples, deadFraction: counts.map((c) => c / samples) };
}
