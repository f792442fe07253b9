/**
 * The CPU engines, one flow over a backend (src/sim/backend.ts): `reference` (float64 accumulation,
 * the source of truth the other engines are checked against) and `cpu` (the WebAssembly SIMD
 * kernels on every core). Runs in Node and in a Web Worker. Generation, the forward pass with the
 * architectures (normalization, residual stream, mixed layers), g and δ with their carried
 * exponent, statistics, zero causes and details are written once here and in src/sim/layers.ts,
 * each layer calling its functions in the order the GPU dispatches their kernels; only allocation,
 * the layers' products and the threads that draw the generator's values (the same values on either
 * backend) are the backend's. δ's exponent (and a homogeneous forward pass's) is carried in the same
 * steps as the GPU kernels (src/sim/exponent.ts): each layer's max |x| gives k, the next layer reads
 * x · 2^−k.
 */
import { Allocations, type BackendInfo, type CpuBackend } from './backend';
import type { RunActivation, SimConfig } from './config';
import { checkCpuMemory, simBuffers, simVectors } from './cpu-memory';
import { Stream, fillValues, streamKey, type FillSpec } from './generator';
import { GiB } from './memory';
import { runtimeName } from './runtime';
import {
  applyActivation, backwardLayer, backwardStats, deltaFromStream, forwardLayer, forwardStats, generateBias, generateInput,
  generateWeights, normBackward, normForward, topDeltaRandom, topStreamMse, unitActs, weightGradStats,
} from './layers';
import { float32Bits, maxAbsBits, rescale, rescalesForward, scaleExponent } from './exponent';
import { emptyExponents, finalizeOptions, finalizeRun, type RunExponents } from './layer-context';
import { referenceBackend } from './reference-backend';
import { jacobianConfig, runSpectrum, spectrumRequest, type JacobianProbe, type ScaledJacobian } from './spectrum';
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
  const start = performance.now();
  checkCpuMemory(config, memoryLimit, backend, options);
  const request = spectrumRequest(config);
  if (request) checkCpuMemory(jacobianConfig(config, config.activations[0], Math.max(...request.depths)), memoryLimit, backend, { jacobian: true });
  const result = withAllocations(backend, (mem) => simulate(config, mem, options)).result;
  if (!request) return result;
  // Each J_d is one probe run of the network cut at depth d (src/sim/spectrum.ts).
  const runs = result.runs.map((run, ai) => {
    const jacobians = request.depths.map((d) => Array.from({ length: request.inputs }, (_, input): ScaledJacobian => {
      options.onProgress?.({ fraction: 1, message: `Jacobian spectrum ${run.activation} at depth ${d}` });
      const probe = withAllocations(backend, (mem) => simulate(jacobianConfig(config, config.activations[ai], d), mem, { signal: options.signal }, { input }));
      if (!probe.jacobian) throw new Error('internal: the probe run gave no Jacobian');
      return probe.jacobian;
    }));
    return { ...run, spectrum: runSpectrum(request, jacobians, config.width) };
  });
  return { ...result, runs, timing: { ms: performance.now() - start } };
}

function withAllocations<T>(backend: CpuBackend, body: (mem: Allocations) => T): T {
  const mem = new Allocations(backend);
  try {
    return body(mem);
  } finally {
    mem.freeAll();
  }
}

/** One run on the reference engine (synchronous: its backend needs no set-up). */
export function runReference(config: SimConfig, options: RunOptions = {}, memoryLimit = CPU_MEMORY_LIMIT): SimResult {
  return simulateCpu(config, referenceBackend(), options, memoryLimit);
}

/** What every compared activation of a run shares: the weights, biases and input, and the layer buffers, all in the backend's memory. */
export interface CpuNetwork {
  config: SimConfig;
  backend: CpuBackend;
  weights: Float32Array[];
  biases: (Float32Array | null)[];
  /** s_l of every layer (after the normalization). */
  preacts: Float32Array[];
  /** 1/√(var + ε) per normalized group of every layer (norm_forward.wgsl keeps it for the backward pass). */
  invStd: Float32Array[];
  /** Every h_l of a residual net with weight gradients (its h_{l−1} is not f(s_{l−1})); else null. */
  stored: Float32Array[] | null;
  /** The batch × width vectors of src/sim/cpu-memory.ts's simVectors (x is h_0). */
  vectors: Partial<Record<ReturnType<typeof simVectors>[number], Float32Array>> & Record<'x' | 'h' | 'hNext' | 'd' | 'g' | 'gNext', Float32Array>;
  /** ∂L/∂W_l / batch, where weight gradients are taken. */
  gradW: Float32Array | null;
}

/**
 * W_l and b_l are the same for every activation compared: generated once, with every buffer of
 * the memory plan (src/sim/cpu-memory.ts's simBuffers), from `mem`. `step` is called per layer generated.
 * With a probe (src/sim/spectrum.ts) the batch is input `probe.input` replicated.
 */
export function cpuNetwork(config: SimConfig, mem: Allocations, step: (l: number) => void = () => {}, probe?: JacobianProbe): CpuNetwork {
  const { backend } = mem;
  const { depth, width: n, batch, seed } = config;
  const buffers = simBuffers(config);
  const group = (g: { count: number; floats: number }): Float32Array[] => Array.from({ length: g.count }, () => mem.alloc(g.floats));
  const weights = group(buffers.weights);
  const biases: (Float32Array | null)[] = [];
  const fill = (out: Float32Array, spec: FillSpec): void => backend.fill(out, spec);
  for (let l = 1; l <= depth; l++) {
    generateWeights(seed, l, n, n, config.init, weights[l - 1], fill);
    biases.push(generateBias(seed, l, n, config.sigmaB2, (floats) => mem.alloc(floats), fill));
    step(l);
  }
  const vectorList = group(buffers.vectors);
  const vectors = Object.fromEntries(simVectors(config).map((name, i) => [name, vectorList[i]])) as CpuNetwork['vectors'];
  if (probe) replicateInput(seed, probe.input, batch, n, vectors.x, config.inputStd);
  else generateInput(seed, batch, n, vectors.x, fill, config.inputStd);
  const stored = group(buffers.stored);
  return {
    config, backend, weights, biases,
    preacts: group(buffers.preacts),
    invStd: group(buffers.invStd),
    stored: stored.length ? stored : null,
    vectors,
    gradW: group(buffers.weightGrad)[0] ?? null,
  };
}

/** Where one pass puts its statistics: the accumulators per layer (and the charts' details). */
export interface PassStats {
  raws: RawLayerStats[];
  details?: RunDetails;
}

/**
 * maxAbsBits of a layer's stored δ̃ (or g̃) from its statistics: the largest finite |x| is their
 * scale, and any Inf or NaN entry gives bits above Inf's (scaleExponent then 0, as for the array
 * itself).
 */
function statBits(sum: { scale: number }, nonFinite: number): number {
  return nonFinite > 0 ? 0x7f800000 : float32Bits(sum.scale);
}

/**
 * One activation's forward and backward pass through `net`, calling the functions of
 * src/sim/layers.ts in the order the GPU dispatches their kernels; with `stats`, every statistics
 * function too (and the rescaling reads each layer's max from them rather than from the array).
 * Returns the exponents carried. `step(phase, l)` is called after each layer. A probe run's top is
 * g_depth = e_b for example b (δ_depth = c·e_b ⊙ f′(s_depth)), and the Jacobian's rows g̃_0 come back too.
 */
export function runPass(
  net: CpuNetwork, run: RunActivation, stats: PassStats | null, step: (phase: 'forward' | 'backward', l: number) => void = () => {}, probe?: JacobianProbe,
): { exps: RunExponents; jacobian?: ScaledJacobian } {
  const { config, backend, weights, biases, preacts, invStd, stored, gradW } = net;
  const { depth, width: n, batch, seed, alpha, norm } = config;
  const shape = { batch, nIn: n, nOut: n };
  const residual = alpha > 0;
  const fActs = unitActs(run, n, 'f');
  const dfActs = unitActs(run, n, 'df');
  const exps = emptyExponents(depth);
  const raws = stats?.raws;
  const details = stats?.details;
  const scaleForward = rescalesForward(run, config);
  const { x, d, e, hPrev } = net.vectors;
  let { h, hNext, g, gNext } = net.vectors;
  const fill = (out: Float32Array, spec: FillSpec): void => backend.fill(out, spec);

  let input = x;
  for (let l = 1; l <= depth; l++) {
    if (l > 1 && scaleForward) {
      // h̃_{l−1} · 2^−j with j from its max (its statistics hold it where all is finite): F_l = F_{l−1} + j
      // (forward.wgsl scales on load).
      const j = scaleExponent(raws && raws[l - 2].forwardNonFinite === 0 ? float32Bits(raws[l - 2].act.scale) : maxAbsBits(input));
      rescale(input, j);
      exps.forward[l - 1] = exps.forward[l - 2] + j;
    }
    const s = preacts[l - 1];
    if (norm === 'none') {
      forwardLayer(backend, weights[l - 1], biases[l - 1], input, s, h, shape, fActs, alpha);
    } else {
      forwardLayer(backend, weights[l - 1], biases[l - 1], input, s, h, shape, null);
      normForward(s, invStd[l - 1], input, h, batch, n, norm, fActs, alpha);
    }
    if (raws) forwardStats(s, h, batch, n, raws[l - 1]);
    stored?.[l - 1].set(h);
    [h, hNext] = [hNext, h];
    input = hNext;
    step('forward', l);
  }
  // `input` now holds h̃_depth. The output's error: δ_depth ~ N(0, 1) for a plain net with the
  // random top; else g_depth (N(0, 1), or h − t for the mse top) and δ_depth = c·g ⊙ f′(s_depth).
  const c = residual ? alpha : 1;
  let hasStream = residual || config.top === 'mse' || probe !== undefined;
  if (probe) {
    g.fill(0);
    for (let b = 0; b < batch; b++) g[b * n + b] = 1;
    deltaFromStream(g, preacts[depth - 1], d, batch, n, dfActs, c);
  } else if (!hasStream) {
    topDeltaRandom(seed, depth, batch, n, d, fill);
  } else {
    if (config.top === 'mse') exps.delta[depth - 1] = topStreamMse(seed, depth, input, exps.forward[depth - 1], g).exp2;
    else topDeltaRandom(seed, depth, batch, n, g, fill);
    deltaFromStream(g, preacts[depth - 1], d, batch, n, dfActs, c);
  }
  /**
   * g̃_l = W_{l+1}ᵀ ẽ_{l+1} (+ g̃_{l+1}) into gNext, δ̃_{l+1} (and g̃_{l+1}, which the stream adds)
   * · 2^−k first with k from their max: returns k (E_l = E_{l+1} + k; backward.wgsl scales on load).
   * The normalization's e_{l+1} = N′ᵀ δ̃_{l+1} is linear in δ̃.
   */
  const streamDown = (l: number): number => {
    const above = raws?.[l];
    const dBits = above ? statBits(above.delta, above.deltaInf + above.deltaNan) : maxAbsBits(d);
    const gBits = !residual ? 0 : above ? statBits(above.stream, above.streamInf + above.streamNan) : maxAbsBits(g);
    const k = scaleExponent(Math.max(dBits, gBits));
    const eNext = norm === 'none' ? d : (e as Float32Array);
    rescale(eNext, k);
    if (residual) rescale(g, k);
    backwardLayer(backend, weights[l], eNext, residual ? g : null, gNext, shape);
    return k;
  };
  for (let l = depth; l >= 1; l--) {
    const s = preacts[l - 1];
    if (l < depth) {
      exps.delta[l - 1] = exps.delta[l] + streamDown(l);
      [g, gNext] = [gNext, g];
      hasStream = true;
    }
    // Below the output g holds g̃_l: δ̃_l = c·g̃_l ⊙ f′(s_l) follows, in the statistics' pass where there is one.
    const derive = l < depth ? c : null;
    if (raws) {
      backwardStats(
        d, hasStream ? g : null, s, batch, n, dfActs, raws[l - 1],
        details ? details.deltaUnitScaled.subarray((l - 1) * n, l * n) : null,
        details ? details.fprimeHist.subarray((l - 1) * FPRIME_BINS, l * FPRIME_BINS) : null,
        derive,
      );
    } else if (derive !== null) {
      deltaFromStream(g, s, d, batch, n, dfActs, derive);
    }
    const weightGrads = raws !== undefined && gradW !== null;
    if (norm !== 'none' && (l > 1 || weightGrads || probe)) normBackward(d, s, invStd[l - 1], e as Float32Array, batch, n, norm);
    if (weightGrads) {
      let below = x;
      if (l > 1) below = stored ? stored[l - 2] : (applyActivation(preacts[l - 2], hPrev as Float32Array, batch, n, fActs), hPrev as Float32Array);
      weightGradStats(backend, norm === 'none' ? d : (e as Float32Array), below, gradW, shape, raws[l - 1]);
    }
    step('backward', depth - l + 1);
  }
  if (!probe) return { exps };
  // g̃_0 = W_1ᵀ e_1 (+ g̃_1), rescaled like every layer below the top: J = g̃_0 · 2^(E_1 + k).
  const k = streamDown(0);
  return { exps, jacobian: { rows: gNext.slice(), exp2: exps.delta[0] + k } };
}

/** One run; with a probe (src/sim/spectrum.ts, one activation) the Jacobian's rows come back too. */
function simulate(config: SimConfig, mem: Allocations, options: RunOptions, probe?: JacobianProbe): { result: SimResult; jacobian?: ScaledJacobian } {
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
  const net = cpuNetwork(config, mem, (l) => progress('generating weights', l), probe);
  let jacobian: ScaledJacobian | undefined;
  const runs: RunResult[] = config.activations.map((run) => {
    const raws: RawLayerStats[] = Array.from({ length: depth }, emptyRaw);
    const details: RunDetails | undefined = options.details
      ? { deltaUnitScaled: new Float32Array(depth * n), deltaExp2: new Int32Array(depth), fprimeHist: new Uint32Array(depth * FPRIME_BINS) }
      : undefined;
    const pass = runPass(net, run, { raws, details }, (phase, l) => progress(`${phase} ${run.spec}`, l), probe);
    const exps = pass.exps;
    jacobian = pass.jacobian;
    if (details) details.deltaExp2 = exps.delta;
    const layers = finalizeRun(raws, exps, { batch, width: n }, finalizeOptions(config));
    return { activation: run.spec, backward: config.backward?.spec ?? null, layers, ...(details ? { details } : {}) };
  });
  return { result: { config, engine: cpuEngineInfo(mem.backend.info()), runs, timing: { ms: performance.now() - start } }, jacobian };
}

/** A batch of `batch` copies of input `input` of the input stream (its row of generateInput's batch). */
function replicateInput(seed: number, input: number, batch: number, n: number, x: Float32Array, std: number): void {
  const inputs = new Float32Array((input + 1) * n);
  fillValues(inputs, { dist: 'normal', key: streamKey(seed, Stream.input, 0), scale: std });
  for (let b = 0; b < batch; b++) x.set(inputs.subarray(input * n), b * n);
}
