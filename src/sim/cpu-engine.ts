/**
 * The CPU reference engine: the source of truth the WebGPU engine is checked against, and the
 * baseline it is timed against. Pure TypeScript over typed arrays; runs in Node and in a Web Worker.
 * It carries δ's exponent (and a homogeneous forward pass's) in the same steps as the GPU kernels
 * (src/sim/exponent.ts): each layer's max |x| gives k, the next layer reads x · 2^−k.
 */
import { activationFn } from './activations';
import type { SimConfig } from './config';
import { GiB, checkCpuMemory } from './memory';
import { runtimeName } from './runtime';
import {
  applyActivation, backwardLayer, backwardStats, forwardLayer, forwardStats, generateBias, generateInput,
  generateWeights, topDeltaMse, topDeltaRandom, weightGradStats,
} from './layers';
import { maxAbsBits, rescale, rescalesForward, scaleExponent } from './exponent';
import { emptyExponents, finalizeRun } from './layer-context';
import {
  FPRIME_BINS, emptyRaw, type RawLayerStats, type RunDetails, type RunOptions, type RunResult, type SimResult,
} from './stats';

/** Default memory the CPU engine may hold in Node; the browser worker passes a smaller one. */
export const CPU_MEMORY_LIMIT = 4 * GiB;

export class AbortedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('the simulation was cancelled');
  }
}

export function runCpu(config: SimConfig, options: RunOptions = {}, memoryLimit = CPU_MEMORY_LIMIT): SimResult {
  checkCpuMemory(config, memoryLimit, options);
  const { depth, width: n, batch, seed } = config;
  const start = performance.now();
  const total = depth * (1 + 2 * config.activations.length);
  let done = 0;
  const every = Math.max(1, Math.floor(depth / 100));
  const step = (message: string, l: number): void => {
    done++;
    if (options.signal?.aborted) throw new AbortedError();
    if (options.onProgress && (l % every === 0 || l === depth)) options.onProgress({ fraction: done / total, message });
  };

  // W_l and b_l are the same for every activation compared: generate them once.
  const weights: Float32Array[] = [];
  const biases: (Float32Array | null)[] = [];
  for (let l = 1; l <= depth; l++) {
    weights.push(generateWeights(seed, l, n, n, config.init));
    biases.push(generateBias(seed, l, n, config.sigmaB2));
    step('generating weights', l);
  }
  const x = generateInput(seed, batch, n);
  const preacts = Array.from({ length: depth }, () => new Float32Array(batch * n));
  let h = new Float32Array(batch * n);
  let hNext = new Float32Array(batch * n);
  let dOut: Float32Array = new Float32Array(batch * n);
  const hPrev = new Float32Array(batch * n);
  const acc = new Float64Array(n);

  const runs: RunResult[] = config.activations.map((run) => {
    const act = activationFn(run);
    const back = activationFn(run.derivative);
    const raws: RawLayerStats[] = Array.from({ length: depth }, emptyRaw);
    const exps = emptyExponents(depth);
    const details: RunDetails | undefined = options.details
      ? { deltaUnitScaled: new Float32Array(depth * n), deltaExp2: exps.delta, fprimeHist: new Uint32Array(depth * FPRIME_BINS) }
      : undefined;
    const scaleForward = rescalesForward(run.name, run.derivative.name, config.sigmaB2);

    let input = x;
    for (let l = 1; l <= depth; l++) {
      if (l > 1 && scaleForward) {
        // h̃_{l−1} · 2^−j with j from its max: F_l = F_{l−1} + j (forward.wgsl scales on load).
        const j = scaleExponent(maxAbsBits(input));
        rescale(input, j);
        exps.forward[l - 1] = exps.forward[l - 2] + j;
      }
      forwardLayer(weights[l - 1], biases[l - 1], input, preacts[l - 1], h, batch, n, n, act.def, act.param);
      forwardStats(preacts[l - 1], h, batch, n, raws[l - 1]);
      [h, hNext] = [hNext, h];
      input = hNext;
      step(`forward ${run.spec}`, l);
    }
    // `input` now holds h̃_depth.
    let d: Float32Array;
    if (config.top === 'mse') {
      const top = topDeltaMse(seed, depth, preacts[depth - 1], input, back.def, back.param, exps.forward[depth - 1]);
      d = top.delta;
      exps.delta[depth - 1] = top.exp2;
    } else {
      d = topDeltaRandom(seed, depth, batch, n);
    }
    for (let l = depth; l >= 1; l--) {
      if (l < depth) {
        // δ̃_{l+1} · 2^−k with k from its max: E_l = E_{l+1} + k (backward.wgsl scales on load).
        const k = scaleExponent(maxAbsBits(d));
        rescale(d, k);
        exps.delta[l - 1] = exps.delta[l] + k;
        backwardLayer(weights[l], d, preacts[l - 1], dOut, batch, n, n, back.def, back.param, acc);
        [d, dOut] = [dOut, d];
      }
      backwardStats(
        d, preacts[l - 1], batch, n, back.def, back.param, raws[l - 1],
        details ? details.deltaUnitScaled.subarray((l - 1) * n, l * n) : null,
        details ? details.fprimeHist.subarray((l - 1) * FPRIME_BINS, l * FPRIME_BINS) : null,
      );
      if (config.weightGrads) {
        const below = l === 1 ? x : (applyActivation(preacts[l - 2], hPrev, act.def, act.param), hPrev);
        weightGradStats(d, below, batch, n, n, raws[l - 1], acc);
      }
      step(`backward ${run.spec}`, depth - l + 1);
    }
    const layers = finalizeRun(raws, exps, { batch, width: n }, { zeroWeights: config.sigmaW2 === 0, weightGrads: config.weightGrads });
    return { activation: run.spec, backward: config.backward?.spec ?? null, layers, ...(details ? { details } : {}) };
  });

  return { config, engine: { kind: 'cpu', runtime: runtimeName() }, runs, timing: { ms: performance.now() - start } };
}
