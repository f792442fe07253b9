/**
 * Records one simulation on the GPU: generation, the forward and backward passes layer by layer,
 * and the statistics kernels, into the dispatch recorder (src/gpu/recorder.ts), one command buffer
 * per chunk of layers. Owns the run's buffers (RunBuffers) and its recorder.
 */
import type { RunActivation, SimConfig } from '../sim/config';
import { rescalesForward } from '../sim/exponent';
import { Stream, streamKey } from '../sim/generator';
import { weightDistribution, type WeightDistribution } from '../sim/inits';
import { orthogonalMatrix } from '../sim/orthogonal';
import { FPRIME_BINS, type LayerProducer } from '../sim/stats';
import { backwardKernel, backwardRegenKernel } from './backward';
import { backwardStatsKernel } from './backward-stats';
import { RunBuffers } from './buffers';
import { forwardKernel, forwardRegenKernel } from './forward';
import { forwardStatsKernel, statsGroups } from './forward-stats';
import { generateKernel, strideGroups } from './generate';
import { DIST, NORM_MODE, SCALE_IN, SCALE_TRACK, SCALE_WORD, SCALE_WORDS, distributionValues, tileGrid, unitValues } from './includes';
import { elementGrid, loadKernel, loadKernelSet, type KernelOf, type KernelSet } from './kernel';
import { asVariant, type MatmulChoice } from './matmul-variants';
import type { LayerStore, MemoryPlan } from './memory-plan';
import { normBackwardKernel } from './norm-backward';
import { normForwardKernel, normGroupCount } from './norm-forward';
import { DispatchRecorder, type PassRecorder } from './recorder';
import { reduceKernel } from './reduce';
import { TOP_MODE, topDeltaKernel } from './top-delta';
import { weightGradGroups, weightGradKernel } from './weight-grad';
import { jacobianTopKernel } from './jacobian-top';
import type { JacobianProbe } from '../sim/spectrum';

/** What every simulation dispatches besides the matmuls (forward, backward and weight_grad, in the run's variants). */
const ELEMENTWISE = {
  forwardStats: forwardStatsKernel,
  backwardStats: backwardStatsKernel,
  topDelta: topDeltaKernel,
  generate: generateKernel,
} as const;

/** The reduce pipeline of each producer's fields of the statistics record. */
const REDUCE = {
  forward_stats: reduceKernel('forward_stats'),
  backward_stats: reduceKernel('backward_stats'),
  weight_grad: reduceKernel('weight_grad'),
} as const satisfies Record<LayerProducer, unknown>;

/** The normalization's kernels, loaded only for a normalized net. */
const NORMALIZATION = { forward: normForwardKernel, backward: normBackwardKernel } as const;

/**
 * One run's kernels: forward and backward in its weight mode; weight_grad's only with weight
 * gradients, the normalization's only with one, jacobian_top's only in a Jacobian probe run.
 */
export type Kernels = KernelSet<typeof ELEMENTWISE> & {
  forward: KernelOf<typeof forwardKernel>;
  backward: KernelOf<typeof backwardKernel>;
  weightGrad: KernelOf<typeof weightGradKernel> | null;
  norm: KernelSet<typeof NORMALIZATION> | null;
  jacobianTop: KernelOf<typeof jacobianTopKernel> | null;
  reduce: Omit<KernelSet<typeof REDUCE>, 'weight_grad'> & { weight_grad: KernelOf<(typeof REDUCE)['weight_grad']> | null };
};

/** What decides a run's kernels. */
export interface KernelNeeds {
  storeWeights: boolean;
  weightGrads: boolean;
  normalized: boolean;
  jacobian?: boolean;
}

/**
 * Compiles what a run needs and nothing else, all at once (each kernel once per device, then
 * cached): on a software adapter, pipeline compilation is most of a small run's time. The matmuls
 * are the variants `tiles` names (src/gpu/autotune.ts picks them).
 */
export async function loadKernels(device: GPUDevice, needs: KernelNeeds, tiles: MatmulChoice): Promise<Kernels> {
  const { weight_grad: reduceWeightGrad, ...reduceAlways } = REDUCE;
  const [kernels, forward, backward, reduce, weightGrad, reduceWeightGradKernel, norm, jacobianTop] = await Promise.all([
    loadKernelSet(device, ELEMENTWISE),
    loadKernel(device, asVariant(needs.storeWeights ? forwardKernel : forwardRegenKernel, tiles.forward)),
    loadKernel(device, asVariant(needs.storeWeights ? backwardKernel : backwardRegenKernel, tiles.backward)),
    loadKernelSet(device, reduceAlways),
    needs.weightGrads ? loadKernel(device, asVariant(weightGradKernel, tiles.weightGrad)) : null,
    needs.weightGrads ? loadKernel(device, reduceWeightGrad) : null,
    needs.normalized ? loadKernelSet(device, NORMALIZATION) : null,
    needs.jacobian ? loadKernel(device, jacobianTopKernel) : null,
  ]);
  return { ...kernels, forward, backward, weightGrad, norm, jacobianTop, reduce: { ...reduce, weight_grad: reduceWeightGradKernel } };
}

/** The kernels `config` needs under `plan` (`jacobian`: a probe run's). */
export function kernelNeeds(config: SimConfig, plan: MemoryPlan, weightGrads = config.weightGrads, jacobian = false): KernelNeeds {
  return { storeWeights: plan.storeWeights, weightGrads, normalized: config.norm !== 'none', jacobian };
}

/** A kernel of the run that loadKernels left out because the run's needs did not include it. */
function loaded<K>(kernel: K | null, name: string): K {
  if (!kernel) throw new Error(`internal: the ${name} kernel was not loaded for this run`);
  return kernel;
}

/**
 * The words of run `ai`, layer `l` in the scales buffer (shaders/scales.wgsl). A Jacobian probe run
 * (one activation) keeps g_0's below them, as layer 0 at the end (memory-plan.ts sizes it).
 */
export function scaleWord(depth: number, ai: number, l: number, word: keyof typeof SCALE_WORD): number {
  return (l === 0 ? depth : ai * depth + l - 1) * SCALE_WORDS + SCALE_WORD[word];
}

type WeightValues = { wOffset?: number; wDist?: number; wKey?: number; wScale?: number };

export class NetworkRun {
  readonly buffers: RunBuffers;
  readonly recorder: DispatchRecorder;
  private readonly dist: WeightDistribution;
  private readonly n: number;

  /** probe: a Jacobian probe run (src/sim/spectrum.ts): x is that input replicated, the top one-hot rows, and recordJacobian gives g_0. */
  constructor(readonly device: GPUDevice, readonly kernels: Kernels, readonly plan: MemoryPlan, readonly config: SimConfig, readonly probe?: JacobianProbe) {
    this.buffers = new RunBuffers(device, plan, config);
    this.recorder = new DispatchRecorder(device, 'simulation');
    this.dist = weightDistribution(config.init, config.width, config.width);
    this.n = config.width;
  }

  dispose(): void {
    this.recorder.dispose();
    this.buffers.dispose();
  }

  // ---- layout helpers -------------------------------------------------------------------------
  private preact(l: number): { buffer: GPUBuffer; offset: number } {
    const p = this.plan;
    const index = Math.floor((l - 1) / p.preactLayersPerChunk);
    return { buffer: this.buffers.preactChunks[index], offset: ((l - 1) % p.preactLayersPerChunk) * p.preactStride };
  }

  /** Where W_l is: its stored chunk and offset, or how the tile loaders regenerate it. */
  private weights(l: number): { values: WeightValues; buffer: GPUBuffer } {
    const p = this.plan;
    if (p.storeWeights) {
      const index = Math.floor((l - 1) / p.weightLayersPerChunk);
      return { values: { wOffset: ((l - 1) % p.weightLayersPerChunk) * p.weightStride }, buffer: this.buffers.weightChunks[index] };
    }
    return { values: { ...distributionValues(this.dist), wKey: streamKey(this.config.seed, Stream.weight, l) }, buffer: this.buffers.dummy };
  }

  /** Layer l's place in a per-layer store of the plan (1/σ, stored h). */
  private stored(store: LayerStore | null, chunks: GPUBuffer[], l: number): { buffer: GPUBuffer; offset: number } {
    if (!store) return { buffer: this.buffers.sink, offset: 0 };
    return { buffer: chunks[Math.floor((l - 1) / store.layersPerChunk)], offset: ((l - 1) % store.layersPerChunk) * store.stride };
  }

  private pp(l: number): GPUBuffer {
    return this.buffers.pingPong[l & 1];
  }

  private gp(l: number): GPUBuffer {
    return this.buffers.streamPingPong[l & 1];
  }

  private reduce(pass: PassRecorder, producer: LayerProducer, groups: number, ai: number, lo: number, hi: number): void {
    const B = this.buffers;
    pass.dispatch(loaded(this.kernels.reduce[producer], `reduce ${producer}`), { groups, resultOffset: ai * this.config.depth + lo - 1 }, { partials: B.partials, results: B.results }, [hi - lo + 1]);
  }

  // ---- generation ------------------------------------------------------------------------------
  /** x and (stored mode) W_1..W_depth for layers lo..hi; orthogonal weights are computed on the CPU and uploaded. */
  recordGenerate(lo: number, hi: number, withInput: boolean): void {
    const { seed, batch } = this.config;
    const n = this.n;
    const k = this.kernels.generate;
    const wg = k.spec.overrides.WG;
    const pass = this.recorder.pass(`generate layers ${lo}-${hi}`);
    if (withInput) {
      const count = batch * n;
      const replicate = this.probe ? { genOffset: this.probe.input * n, genPeriod: n } : {};
      pass.dispatch(k, { wDist: DIST.normal, wScale: this.config.inputStd, wKey: streamKey(seed, Stream.input, 0), count, ...replicate }, { out: this.buffers.x }, [strideGroups(count, wg)]);
    }
    if (this.plan.storeWeights && this.dist.kind !== 'orthogonal') {
      for (let l = lo; l <= hi; l++) {
        const w = this.weights(l);
        const values = { ...distributionValues(this.dist), wKey: streamKey(seed, Stream.weight, l), count: n * n, outOffset: w.values.wOffset };
        pass.dispatch(k, values, { out: w.buffer }, [strideGroups(n * n, wg)]);
      }
    }
  }

  /** Orthogonal init: W_l from the CPU QR, uploaded (the only weights not generated on the GPU). */
  uploadOrthogonal(lo: number, hi: number): void {
    if (this.dist.kind !== 'orthogonal') return;
    for (let l = lo; l <= hi; l++) {
      const w = this.weights(l);
      const m = orthogonalMatrix(this.n, this.config.seed, l, this.dist.gain);
      this.device.queue.writeBuffer(w.buffer, (w.values.wOffset ?? 0) * 4, m.buffer, m.byteOffset, m.byteLength);
    }
  }

  // ---- forward ---------------------------------------------------------------------------------
  recordForward(ai: number, ra: RunActivation, lo: number, hi: number, stats: boolean): void {
    const { batch, seed, sigmaB2, alpha, norm } = this.config;
    const n = this.n;
    const K = this.kernels;
    const B = this.buffers;
    const fwd = K.forward;
    const pass = this.recorder.pass(`forward ${ra.spec} ${lo}-${hi}`);
    const sg = statsGroups(n);
    const acts = unitValues(ra, n, 'f');
    const word = (l: number, w: keyof typeof SCALE_WORD): number => scaleWord(this.config.depth, ai, l, w);
    const scaleForward = rescalesForward(ra, this.config);
    for (let l = lo; l <= hi; l++) {
      const w = this.weights(l);
      const s = this.preact(l);
      const h = this.stored(this.plan.hStore, B.hStoreChunks, l);
      const hIn = l === 1 ? B.x : this.pp(l - 1);
      const epilogue = { ...acts, alpha, storeH: this.plan.hStore ? 1 : 0, hOffset: h.offset };
      // x is not rescaled: layer 1 only tracks its max.
      const scales = scaleForward
        ? { scaleMode: SCALE_TRACK | (l > 1 ? SCALE_IN : 0), maxIn: l > 1 ? word(l - 1, 'forwardMax') : 0, expIn: l > 1 ? word(l - 1, 'forwardExp') : 0, maxOut: word(l, 'forwardMax'), expOut: word(l, 'forwardExp') }
        : {};
      pass.dispatch(fwd, {
        ...w.values, ...epilogue, ...scales, nIn: n, nOut: n, batch, sOffset: s.offset, bKey: streamKey(seed, Stream.bias, l), bStd: Math.sqrt(sigmaB2),
        normalized: norm === 'none' ? 0 : 1,
      }, { weights: w.buffer, hIn, sOut: s.buffer, hOut: this.pp(l), hStore: h.buffer, scales: B.scales }, tileGrid(fwd.spec.overrides, batch, n));
      if (norm !== 'none') {
        const inv = this.stored(this.plan.invStd, B.invStdChunks, l);
        pass.dispatch(loaded(K.norm, 'norm').forward, {
          ...epilogue, nOut: n, batch, normMode: NORM_MODE[norm], sOffset: s.offset, invOffset: inv.offset,
        }, { sIo: s.buffer, invStd: inv.buffer, hIn, hOut: this.pp(l), hStore: h.buffer }, elementGrid(normGroupCount(norm, batch, n), 1));
      }
      if (stats) {
        pass.dispatch(K.forwardStats, { nOut: n, batch, sOffset: s.offset, slot: l - lo, numGroups: sg }, { sIn: s.buffer, hIn: this.pp(l), partials: B.partials }, [sg]);
      }
    }
    if (stats) this.reduce(pass, 'forward_stats', sg, ai, lo, hi);
  }

  // ---- backward --------------------------------------------------------------------------------
  /** Layers hi down to lo; hi = depth starts with the output's error. */
  recordBackward(ai: number, ra: RunActivation, lo: number, hi: number, stats: boolean, details: boolean): void {
    const { batch, depth, seed, top, weightGrads, alpha, norm } = this.config;
    const n = this.n;
    const K = this.kernels;
    const B = this.buffers;
    const sg = statsGroups(n);
    const wg = K.weightGrad ? weightGradGroups(K.weightGrad.spec.overrides, n, n) : 0;
    const bwd = K.backward;
    const residual = alpha > 0 ? 1 : 0;
    const coef = residual ? alpha : 1;
    const df = unitValues(ra, n, 'df');
    const word = (l: number, w: keyof typeof SCALE_WORD): number => scaleWord(depth, ai, l, w);
    const pass = this.recorder.pass(`backward ${ra.spec} ${hi}-${lo}`);
    const topMode = top === 'mse' ? TOP_MODE.mse : residual ? TOP_MODE.stream : TOP_MODE.random;
    for (let l = hi; l >= lo; l--) {
      const s = this.preact(l);
      const out = { maxOut: word(l, 'deltaMax'), expOut: word(l, 'deltaExp') };
      if (l === depth && this.probe) {
        const k = loaded(K.jacobianTop, 'jacobian_top');
        pass.dispatch(k, { ...df, width: n, sOffset: s.offset, residual, coef, scaleMode: SCALE_TRACK, ...out },
          { sIn: s.buffer, gOut: this.gp(l), dOut: this.pp(l), scales: B.scales }, [strideGroups(n * n, k.spec.overrides.WG)]);
      } else if (l === depth) {
        pass.dispatch(K.topDelta, {
          ...df, count: batch * n, nOut: n, topMode, topKey: streamKey(seed, top === 'mse' ? Stream.target : Stream.topDelta, depth),
          sOffset: s.offset, residual, coef,
          // The mse error needs the true h = h̃ · 2^F_depth.
          scaleMode: SCALE_TRACK | (rescalesForward(ra, this.config) ? SCALE_IN : 0), expIn: word(depth, 'forwardExp'), ...out,
        }, { sIn: s.buffer, gOut: this.gp(l), dOut: this.pp(l), scales: B.scales }, [strideGroups(batch * n, K.topDelta.spec.overrides.WG)]);
      } else {
        const w = this.weights(l + 1);
        pass.dispatch(bwd, {
          ...w.values, ...df, nIn: n, nOut: n, batch, sOffset: s.offset, residual, coef, writeDelta: 1,
          scaleMode: SCALE_IN | SCALE_TRACK, maxIn: word(l + 1, 'deltaMax'), expIn: word(l + 1, 'deltaExp'), ...out,
        }, {
          weights: w.buffer, eIn: norm === 'none' ? this.pp(l + 1) : B.e, gIn: residual ? this.gp(l + 1) : B.dummy, sIn: s.buffer,
          gOut: this.gp(l), dOut: this.pp(l), scales: B.scales,
        }, tileGrid(bwd.spec.overrides, batch, n));
      }
      if (stats) {
        const row = ai * depth + l - 1;
        const hasStream = l < depth || topMode !== TOP_MODE.random;
        pass.dispatch(K.backwardStats, {
          ...df, nOut: n, batch, sOffset: s.offset, slot: l - lo, numGroups: sg, hasStream: hasStream ? 1 : 0,
          details: details ? 1 : 0, detailOffset: details ? row * n : 0, histOffset: details ? row * FPRIME_BINS : 0,
        }, { dIn: this.pp(l), gIn: hasStream ? this.gp(l) : B.dummy, sIn: s.buffer, partials: B.partials, unitRms: B.unitRms, hist: B.hist }, [sg]);
      }
      const withGrads = stats && weightGrads;
      if (norm !== 'none' && (l > 1 || withGrads || this.probe)) {
        const inv = this.stored(this.plan.invStd, B.invStdChunks, l);
        pass.dispatch(loaded(K.norm, 'norm').backward, { nOut: n, batch, normMode: NORM_MODE[norm], sOffset: s.offset, invOffset: inv.offset },
          { dIn: this.pp(l), sIn: s.buffer, invStd: inv.buffer, eOut: B.e }, elementGrid(normGroupCount(norm, batch, n), 1));
      }
      if (withGrads) {
        // h_{l−1}: x, a residual net's stored h_{l−1}, or f(s_{l−1}) from the pre-activations.
        const below = l === 1 ? { buffer: B.x, offset: 0, inMode: 0 }
          : this.plan.hStore ? { ...this.stored(this.plan.hStore, B.hStoreChunks, l - 1), inMode: 0 } : { ...this.preact(l - 1), inMode: 1 };
        pass.dispatch(loaded(K.weightGrad, 'weight_grad'), {
          ...unitValues(ra, n, 'f'), nIn: n, nOut: n, batch, inMode: below.inMode, inOffset: below.offset, slot: l - lo, numGroups: wg,
        }, { dIn: norm === 'none' ? this.pp(l) : B.e, below: below.buffer, partials: B.partials }, [wg]);
      }
    }
    if (stats) {
      this.reduce(pass, 'backward_stats', sg, ai, lo, hi);
      if (weightGrads) this.reduce(pass, 'weight_grad', wg, ai, lo, hi);
    }
  }

  /**
   * A probe run's Jacobian rows g̃_0 = W_1ᵀ ẽ_1 (+ g̃_1 with the stream) · 2^−k into pingPong[0]: the
   * backward kernel writing g alone, its exponent in layer 0's words (J = g̃_0 · 2^E_0). After
   * recordBackward down to 1.
   */
  recordJacobian(): void {
    const { batch, depth, alpha, norm } = this.config;
    const n = this.n;
    const B = this.buffers;
    const bwd = this.kernels.backward;
    const w = this.weights(1);
    const residual = alpha > 0 ? 1 : 0;
    const word = (l: number, name: keyof typeof SCALE_WORD): number => scaleWord(depth, 0, l, name);
    this.recorder.pass('jacobian g_0').dispatch(bwd, {
      ...w.values, ...unitValues(this.config.activations[0], n, 'df'), nIn: n, nOut: n, batch, sOffset: this.preact(1).offset, residual, coef: 1, writeDelta: 0,
      scaleMode: SCALE_IN, maxIn: word(1, 'deltaMax'), expIn: word(1, 'deltaExp'), expOut: word(0, 'deltaExp'),
    }, {
      weights: w.buffer, eIn: norm === 'none' ? this.pp(1) : B.e, gIn: residual ? this.gp(1) : B.dummy, sIn: this.preact(1).buffer,
      gOut: this.pp(0), dOut: B.sink, scales: B.scales,
    }, tileGrid(bwd.spec.overrides, batch, n));
  }
}
