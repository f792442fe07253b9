/**
 * The CPU reference engine: the source of truth the WebGPU engine is checked against, and the
 * baseline it is timed against. Pure TypeScript over typed arrays; runs in Node and in a Web Worker.
 */
import { activationFn } from './activations';
import type { SimConfig } from './config';
import { GiB, checkCpuMemory } from './memory';
import { runtimeName } from './runtime';
import {
  applyActivation, backwardLayer, backwardStats, forwardLayer, forwardStats, generateBias, generateInput,
  generateWeights, topDeltaMse, topDeltaRandom, weightGradStats,
} from './layers';
import {
  FPRIME_BINS, emptyRaw, finalizeLayer, type RawLayerStats, type RunDetails, type RunOptions, type RunResult, type SimResult,
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
    const details: RunDetails | undefined = options.details
      ? { deltaUnitRms: new Float32Array(depth * n), fprimeHist: new Uint32Array(depth * FPRIME_BINS) }
      : undefined;

    let input = x;
    for (let l = 1; l <= depth; l++) {
      forwardLayer(weights[l - 1], biases[l - 1], input, preacts[l - 1], h, batch, n, n, act.def, act.param);
      forwardStats(preacts[l - 1], h, batch, n, raws[l - 1]);
      [h, hNext] = [hNext, h];
      input = hNext;
      step(`forward ${run.spec}`, l);
    }
    // `input` now holds h_depth.
    let d: Float32Array = config.top === 'mse'
      ? topDeltaMse(seed, depth, preacts[depth - 1], input, back.def, back.param)
      : topDeltaRandom(seed, depth, batch, n);
    for (let l = depth; l >= 1; l--) {
      if (l < depth) {
        backwardLayer(weights[l], d, preacts[l - 1], dOut, batch, n, n, back.def, back.param, acc);
        [d, dOut] = [dOut, d];
      }
      backwardStats(
        d, preacts[l - 1], batch, n, back.def, back.param, raws[l - 1],
        details ? details.deltaUnitRms.subarray((l - 1) * n, l * n) : null,
        details ? details.fprimeHist.subarray((l - 1) * FPRIME_BINS, l * FPRIME_BINS) : null,
      );
      if (config.weightGrads) {
        const below = l === 1 ? x : (applyActivation(preacts[l - 2], hPrev, act.def, act.param), hPrev);
        weightGradStats(d, below, batch, n, n, raws[l - 1], acc);
      }
      step(`backward ${run.spec}`, depth - l + 1);
    }
    const layers = raws.map((raw, i) => finalizeLayer(raw, i + 1, { batch, width: n }, config.weightGrads));
    return { activation: run.spec, backward: config.backward?.spec ?? null, layers, ...(details ? { details } : {}) };
  });

  return { config, engine: { kind: 'cpu', runtime: runtimeName() }, runs, timing: { ms: performance.now() - start } };
}
