/**
 * The CPU reference engine: the source of truth the WebGPU engine is checked against, and the
 * baseline it is timed against. Pure TypeScript over typed arrays; runs in Node and in a Web Worker.
 * It carries δ's exponent (and a homogeneous forward pass's) in the same steps as the GPU kernels
 * (src/sim/exponent.ts): each layer's max |x| gives k, the next layer reads x · 2^−k. Each layer
 * calls the functions of src/sim/layers.ts in the order the GPU dispatches their kernels.
 */
import { GiB, checkCpuMemory, type RunActivation, type SimConfig } from './config';
import { runtimeName } from './runtime';
import {
  applyActivation, backwardLayer, backwardStats, forwardLayer, forwardStats, generateBias, generateInput, generateWeights,
  normBackward, normForward, topDeltaFromStream, topDeltaRandom, topStreamMse, unitActs, weightGradStats,
} from './layers';
import { maxAbsBits, rescale, rescalesForward, scaleExponent } from './exponent';
import { emptyExponents, finalizeOptions, finalizeRun, type RunExponents } from './layer-context';
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

/** What every compared activation of a run shares: the weights, biases and input, and the layer buffers. */
export interface CpuNetwork {
  config: SimConfig;
  weights: Float32Array[];
  biases: (Float32Array | null)[];
  x: Float32Array;
  /** s_l of every layer (after the normalization). */
  preacts: Float32Array[];
  /** 1/√(var + ε) per normalized group of every layer (norm_forward.wgsl keeps it for the backward pass). */
  invStd: Float32Array[];
  /** Every h_l of a residual net with weight gradients (its h_{l−1} is not f(s_{l−1})); else null. */
  stored: Float32Array[] | null;
  buffers: Record<'h' | 'hNext' | 'hPrev' | 'd' | 'dOut' | 'g' | 'gOut' | 'e', Float32Array>;
  acc: Float64Array;
}

/** W_l and b_l are the same for every activation compared: generated once. `step` is called per layer generated. */
export function cpuNetwork(config: SimConfig, step: (l: number) => void = () => {}): CpuNetwork {
  const { depth, width: n, batch, seed, norm } = config;
  const weights: Float32Array[] = [];
  const biases: (Float32Array | null)[] = [];
  for (let l = 1; l <= depth; l++) {
    weights.push(generateWeights(seed, l, n, n, config.init));
    biases.push(generateBias(seed, l, n, config.sigmaB2));
    step(l);
  }
  const layer = (): Float32Array => new Float32Array(batch * n);
  return {
    config, weights, biases, x: generateInput(seed, batch, n),
    preacts: Array.from({ length: depth }, layer),
    invStd: norm === 'none' ? [] : Array.from({ length: depth }, () => new Float32Array(norm === 'batch' ? n : batch)),
    stored: config.alpha > 0 && config.weightGrads ? Array.from({ length: depth }, layer) : null,
    buffers: { h: layer(), hNext: layer(), hPrev: layer(), d: layer(), dOut: layer(), g: layer(), gOut: layer(), e: layer() },
    acc: new Float64Array(n),
  };
}

/** Where one pass puts its statistics: the accumulators per layer (and the charts' details). */
export interface PassStats {
  raws: RawLayerStats[];
  details?: RunDetails;
}

/**
 * One activation's forward and backward pass through `net`, calling the functions of
 * src/sim/layers.ts in the order the GPU dispatches their kernels; with `stats`, every statistics
 * function too. Returns the exponents carried. `step(phase, l)` is called after each layer.
 */
export function runPass(net: CpuNetwork, run: RunActivation, stats: PassStats | null, step: (phase: 'forward' | 'backward', l: number) => void = () => {}): RunExponents {
  const { config, weights, biases, x, preacts, invStd, stored, acc } = net;
  const { depth, width: n, batch, seed, alpha, norm } = config;
  const residual = alpha > 0;
  const fActs = unitActs(run, n, 'f');
  const dfActs = unitActs(run, n, 'df');
  const exps = emptyExponents(depth);
  const details = stats?.details;
  const scaleForward = rescalesForward(run, config);
  let { h, hNext, d, dOut, g, gOut } = net.buffers;
  const { e, hPrev } = net.buffers;

  let input = x;
  for (let l = 1; l <= depth; l++) {
    if (l > 1 && scaleForward) {
      // h̃_{l−1} · 2^−j with j from its max: F_l = F_{l−1} + j (forward.wgsl scales on load).
      const j = scaleExponent(maxAbsBits(input));
      rescale(input, j);
      exps.forward[l - 1] = exps.forward[l - 2] + j;
    }
    const s = preacts[l - 1];
    if (norm === 'none') {
      forwardLayer(weights[l - 1], biases[l - 1], input, s, h, batch, n, n, fActs, alpha);
    } else {
      forwardLayer(weights[l - 1], biases[l - 1], input, s, h, batch, n, n, null);
      normForward(s, invStd[l - 1], input, h, batch, n, norm, fActs, alpha);
    }
    if (stats) forwardStats(s, h, batch, n, stats.raws[l - 1]);
    stored?.[l - 1].set(h);
    [h, hNext] = [hNext, h];
    input = hNext;
    step('forward', l);
  }
  // `input` now holds h̃_depth. The output's error: δ_depth ~ N(0, 1) for a plain net with the
  // random top; else g_depth (N(0, 1), or h − t for the mse top) and δ_depth = c·g ⊙ f′(s_depth).
  const c = residual ? alpha : 1;
  let hasStream = residual || config.top === 'mse';
  if (!hasStream) {
    d.set(topDeltaRandom(seed, depth, batch, n));
  } else {
    if (config.top === 'mse') {
      const mse = topStreamMse(seed, depth, input, exps.forward[depth - 1]);
      g.set(mse.g);
      exps.delta[depth - 1] = mse.exp2;
    } else {
      g.set(topDeltaRandom(seed, depth, batch, n));
    }
    topDeltaFromStream(g, preacts[depth - 1], d, batch, n, dfActs, c);
  }
  for (let l = depth; l >= 1; l--) {
    const s = preacts[l - 1];
    if (l < depth) {
      // δ̃_{l+1} (and g̃_{l+1}, which the stream adds) · 2^−k with k from their max: E_l = E_{l+1} + k
      // (backward.wgsl scales on load). The normalization's e_{l+1} = N′ᵀ δ̃_{l+1} is linear in δ̃.
      const k = scaleExponent(residual ? Math.max(maxAbsBits(d), maxAbsBits(g)) : maxAbsBits(d));
      const eNext = norm === 'none' ? d : e;
      rescale(eNext, k);
      if (residual) rescale(g, k);
      exps.delta[l - 1] = exps.delta[l] + k;
      backwardLayer(weights[l], eNext, residual ? g : null, s, gOut, dOut, batch, n, n, dfActs, c, acc);
      [d, dOut] = [dOut, d];
      [g, gOut] = [gOut, g];
      hasStream = true;
    }
    if (stats) {
      backwardStats(
        d, hasStream ? g : null, s, batch, n, dfActs, stats.raws[l - 1],
        details ? details.deltaUnitScaled.subarray((l - 1) * n, l * n) : null,
        details ? details.fprimeHist.subarray((l - 1) * FPRIME_BINS, l * FPRIME_BINS) : null,
      );
    }
    const weightGrads = stats !== null && config.weightGrads;
    if (norm !== 'none' && (l > 1 || weightGrads)) normBackward(d, s, invStd[l - 1], e, batch, n, norm);
    if (weightGrads) {
      let below = x;
      if (l > 1) below = stored ? stored[l - 2] : (applyActivation(preacts[l - 2], hPrev, batch, n, fActs), hPrev);
      weightGradStats(norm === 'none' ? d : e, below, batch, n, n, stats.raws[l - 1], acc);
    }
    step('backward', depth - l + 1);
  }
  return exps;
}

export function runCpu(config: SimConfig, options: RunOptions = {}, memoryLimit = CPU_MEMORY_LIMIT): SimResult {
  checkCpuMemory(config, memoryLimit);
  const { depth, width: n, batch } = config;
  const start = performance.now();
  const total = depth * (1 + 2 * config.activations.length);
  let done = 0;
  const every = Math.max(1, Math.floor(depth / 100));
  const progress = (message: string, l: number): void => {
    done++;
    if (options.signal?.aborted) throw new AbortedError();
    if (options.onProgress && (l % every === 0 || l === depth)) options.onProgress({ fraction: done / total, message });
  };
  const net = cpuNetwork(config, (l) => progress('generating weights', l));
  const runs: RunResult[] = config.activations.map((run) => {
    const raws: RawLayerStats[] = Array.from({ length: depth }, emptyRaw);
    const details: RunDetails | undefined = options.details
      ? { deltaUnitScaled: new Float32Array(depth * n), deltaExp2: new Int32Array(depth), fprimeHist: new Uint32Array(depth * FPRIME_BINS) }
      : undefined;
    const exps = runPass(net, run, { raws, details }, (phase, l) => progress(`${phase} ${run.spec}`, l));
    if (details) details.deltaExp2 = exps.delta;
    const layers = finalizeRun(raws, exps, { batch, width: n }, finalizeOptions(config));
    return { activation: run.spec, backward: config.backward?.spec ?? null, layers, ...(details ? { details } : {}) };
  });
  return { config, engine: { kind: 'cpu', runtime: runtimeName() }, runs, timing: { ms: performance.now() - start } };
}
