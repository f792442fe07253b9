/**
 * The CPU engines, one flow over a backend (src/sim/backend.ts): `reference` (float64 accumulation,
 * the source of truth the other engines are checked against) and `cpu` (the WebAssembly SIMD
 * kernels on every core). Runs in Node and in a Web Worker. Generation, the forward pass, δ with
 * its carried exponent, statistics, zero causes and details are written once here and in
 * src/sim/layers.ts; only allocation, the layers' products and the threads that draw the
 * generator's values (the same values on either backend) are the backend's. δ's exponent (and
 * a homogeneous forward pass's) is carried in the same steps as the GPU kernels
 * (src/sim/exponent.ts): each layer's max |x| gives k, the next layer reads x · 2^−k.
 */
import { activationFn } from './activations';
import { Allocations, type BackendInfo, type CpuBackend } from './backend';
import type { SimConfig } from './config';
import { checkCpuMemory, simBuffers } from './cpu-memory';
import type { FillSpec } from './generator';
import { GiB } from './memory';
import { runtimeName } from './runtime';
import {
  applyActivation, backwardStats, forwardLayer, forwardStats, generateBias, generateInput,
  generateWeights, topDeltaMse, topDeltaRandom, weightGradStats,
} from './layers';
import { float32Bits, maxAbsBits, rescale, rescalesForward, scaleExponent } from './exponent';
import { emptyExponents, finalizeRun } from './layer-context';
import { referenceBackend } from './reference-backend';
import {
  FPRIME_BINS, emptyRaw, type EngineInfo, type RawLayerStats, type RunDetails, type RunOptions, type RunResult, type SimResult,
} from './stats';

/** Default memory a CPU engine may hold in Node; the browser worker passes a smaller one. */
export const CPU_MEMORY_LIMIT = 4 * GiB;

export class AbortedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('the simulation was cancelled');
  }
}

/** The result's `engine` object for a backend: its kind, the runtime, and how the products run. */
export function cpuEngineInfo(info: BackendInfo): EngineInfo {
  const base = { kind: info.kind, runtime: runtimeName() };
  return info.kind === 'reference' || !info.simd ? base : { ...base, threads: info.threads, threadsReason: info.threadsReason, simd: info.simd };
}

/** One run on `backend`; everything it allocates there is freed before it returns. */
export function simulateCpu(config: SimConfig, backend: CpuBackend, options: RunOptions = {}, memoryLimit = CPU_MEMORY_LIMIT): SimResult {
  checkCpuMemory(config, memoryLimit, backend, options);
  const mem = new Allocations(backend);
  try {
    return simulate(config, mem, options);
  } finally {
    mem.freeAll();
  }
}

/** One run on the reference engine (synchronous: its backend needs no set-up). */
export function runReference(config: SimConfig, options: RunOptions = {}, memoryLimit = CPU_MEMORY_LIMIT): SimResult {
  return simulateCpu(config, referenceBackend(), options, memoryLimit);
}

/**
 * maxAbsBits of a layer's stored δ̃ from its statistics: the largest finite |δ̃| is their scale, and
 * any Inf or NaN entry gives bits above Inf's (scaleExponent then 0, as for the array itself). The
 * forward pass does the same with h̃'s scale where every s and h is finite (relu(NaN) is a finite 0,
 * so otherwise it reads the array).
 */
function maxAbsBitsOf(raw: RawLayerStats): number {
  return raw.deltaInf + raw.deltaNan > 0 ? 0x7f800000 : float32Bits(raw.delta.scale);
}

function simulate(config: SimConfig, mem: Allocations, options: RunOptions): SimResult {
  const { backend } = mem;
  const { depth, width: n, batch, seed } = config;
  const shape = { batch, nIn: n, nOut: n };
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
  const buffers = simBuffers(config);
  const group = (g: { count: number; floats: number }): Float32Array[] => Array.from({ length: g.count }, () => mem.alloc(g.floats));
  const weights = group(buffers.weights);
  const biases: (Float32Array | null)[] = [];
  const fill = (out: Float32Array, spec: FillSpec): void => backend.fill(out, spec);
  for (let l = 1; l <= depth; l++) {
    generateWeights(seed, l, n, n, config.init, weights[l - 1], fill);
    biases.push(generateBias(seed, l, n, config.sigmaB2, (floats) => mem.alloc(floats), fill));
    step('generating weights', l);
  }
  const preacts = group(buffers.preacts);
  const [x, hA, hB, dA, dB, hPrev] = group(buffers.vectors);
  const [gradW] = group(buffers.weightGrad);
  generateInput(seed, batch, n, x, fill);
  let h = hA;
  let hNext = hB;

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
        // h̃_{l−1} · 2^−j with j from its max (its statistics hold it): F_l = F_{l−1} + j (forward.wgsl scales on load).
        const j = scaleExponent(raws[l - 2].forwardNonFinite === 0 ? float32Bits(raws[l - 2].act.scale) : maxAbsBits(input));
        rescale(input, j);
        exps.forward[l - 1] = exps.forward[l - 2] + j;
      }
      forwardLayer(backend, weights[l - 1], biases[l - 1], input, preacts[l - 1], h, shape, act.def, act.param);
      forwardStats(preacts[l - 1], h, batch, n, raws[l - 1]);
      [h, hNext] = [hNext, h];
      input = hNext;
      step(`forward ${run.spec}`, l);
    }
    // `input` now holds h̃_depth.
    let d = dA;
    let dOut = dB;
    if (config.top === 'mse') {
      exps.delta[depth - 1] = topDeltaMse(seed, depth, preacts[depth - 1], input, back.def, back.param, exps.forward[depth - 1], d).exp2;
    } else {
      topDeltaRandom(seed, depth, batch, n, d, fill);
    }
    for (let l = depth; l >= 1; l--) {
      if (l < depth) {
        // δ̃_{l+1} · 2^−k with k from its max (its statistics hold it): E_l = E_{l+1} + k (backward.wgsl scales on load).
        const k = scaleExponent(maxAbsBitsOf(raws[l]));
        rescale(d, k);
        exps.delta[l - 1] = exps.delta[l] + k;
        backend.backward(dOut, d, weights[l], shape);
        [d, dOut] = [dOut, d];
      }
      // Below the output d holds Wᵀδ̃_{l+1}: the statistics' pass multiplies in f′(s_l) first.
      backwardStats(
        d, preacts[l - 1], batch, n, back.def, back.param, raws[l - 1],
        details ? details.deltaUnitScaled.subarray((l - 1) * n, l * n) : null,
        details ? details.fprimeHist.subarray((l - 1) * FPRIME_BINS, l * FPRIME_BINS) : null,
        l < depth,
      );
      if (config.weightGrads) {
        const below = l === 1 ? x : (applyActivation(preacts[l - 2], hPrev, act.def, act.param), hPrev);
        weightGradStats(backend, d, below, gradW, shape, raws[l - 1]);
      }
      step(`backward ${run.spec}`, depth - l + 1);
    }
    const layers = finalizeRun(raws, exps, { batch, width: n }, { zeroWeights: config.sigmaW2 === 0, weightGrads: config.weightGrads });
    return { activation: run.spec, backward: config.backward?.spec ?? null, layers, ...(details ? { details } : {}) };
  });

  return { config, engine: cpuEngineInfo(backend.info()), runs, timing: { ms: performance.now() - start } };
}
