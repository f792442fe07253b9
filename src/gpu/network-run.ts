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
import { DIST, SCALE_IN, SCALE_TRACK, SCALE_WORD, SCALE_WORDS, distributionValues, tileGrid } from './includes';
import { loadKernel, loadKernelSet, type KernelOf, type KernelSet } from './kernel';
import { asVariant, type MatmulChoice } from './matmul-variants';
import type { MemoryPlan } from './memory-plan';
import { DispatchRecorder, type PassRecorder } from './recorder';
import { reduceKernel } from './reduce';
import { TOP_MSE, TOP_RANDOM, topDeltaKernel } from './top-delta';
import { weightGradGroups, weightGradKernel } from './weight-grad';

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

/** One run's kernels: forward and backward in its weight mode; weight_grad's only with weight gradients. */
export type Kernels = KernelSet<typeof ELEMENTWISE> & {
  forward: KernelOf<typeof forwardKernel>;
  backward: KernelOf<typeof backwardKernel>;
  weightGrad: KernelOf<typeof weightGradKernel> | null;
  reduce: Omit<KernelSet<typeof REDUCE>, 'weight_grad'> & { weight_grad: KernelOf<(typeof REDUCE)['weight_grad']> | null };
};

/**
 * Compiles what a run needs and nothing else, all at once (each kernel once per device, then
 * cached): on a software adapter, pipeline compilation is most of a small run's time. The matmuls
 * are the variants `tiles` names (src/gpu/autotune.ts picks them).
 */
export async function loadKernels(device: GPUDevice, needs: { storeWeights: boolean; weightGrads: boolean }, tiles: MatmulChoice): Promise<Kernels> {
  const { weight_grad: reduceWeightGrad, ...reduceAlways } = REDUCE;
  const [kernels, forward, backward, reduce, weightGrad, reduceWeightGradKernel] = await Promise.all([
    loadKernelSet(device, ELEMENTWISE),
    loadKernel(device, asVariant(needs.storeWeights ? forwardKernel : forwardRegenKernel, tiles.forward)),
    loadKernel(device, asVariant(needs.storeWeights ? backwardKernel : backwardRegenKernel, tiles.backward)),
    loadKernelSet(device, reduceAlways),
    needs.weightGrads ? loadKernel(device, asVariant(weightGradKernel, tiles.weightGrad)) : null,
    needs.weightGrads ? loadKernel(device, reduceWeightGrad) : null,
  ]);
  return { ...kernels, forward, backward, weightGrad, reduce: { ...reduce, weight_grad: reduceWeightGradKernel } };
}

/** A kernel of the run that loadKernels left out because the run's needs did not include it. */
function loaded<K>(kernel: K | null, name: string): K {
  if (!kernel) throw new Error(`internal: the ${name} kernel was not loaded for this run`);
  return kernel;
}

/** The words of run `ai`, layer `l` in the scales buffer (shaders/scales.wgsl). */
export function scaleWord(depth: number, ai: number, l: number, word: keyof typeof SCALE_WORD): number {
  return (ai * depth + l - 1) * SCALE_WORDS + SCALE_WORD[word];
}

type WeightValues = { wOffset?: number; wDist?: number; wKey?: number; wScale?: number };

export class NetworkRun {
  readonly buffers: RunBuffers;
  readonly recorder: DispatchRecorder;
  private readonly dist: WeightDistribution;
  private readonly n: number;

  constructor(readonly device: GPUDevice, readonly kernels: Kernels, readonly plan: MemoryPlan, readonly config: SimConfig) {
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

  private pp(l: number): GPUBuffer {
    return this.buffers.pingPong[l & 1];
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
      pass.dispatch(k, { wDist: DIST.normal, wScale: 1, wKey: streamKey(seed, Stream.input, 0), count }, { out: this.buffers.x }, [strideGroups(count, wg)]);
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
    const { batch, seed, sigmaB2 } = this.config;
    const n = this.n;
    const K = this.kernels;
    const fwd = K.forward;
    const pass = this.recorder.pass(`forward ${ra.spec} ${lo}-${hi}`);
    const sg = statsGroups(n);
    const act = { actKind: ra.id, actP: ra.param };
    const word = (l: number, w: keyof typeof SCALE_WORD): number => scaleWord(this.config.depth, ai, l, w);
    const scaleForward = rescalesForward(ra.name, ra.derivative.name, sigmaB2);
    for (let l = lo; l <= hi; l++) {
      const w = this.weights(l);
      const s = this.preact(l);
      // x is not rescaled: layer 1 only tracks its max.
      const scales = scaleForward
        ? { scaleMode: SCALE_TRACK | (l > 1 ? SCALE_IN : 0), maxIn: l > 1 ? word(l - 1, 'forwardMax') : 0, expIn: l > 1 ? word(l - 1, 'forwardExp') : 0, maxOut: word(l, 'forwardMax'), expOut: word(l, 'forwardExp') }
        : {};
      pass.dispatch(fwd, {
        ...w.values, ...act, ...scales, nIn: n, nOut: n, batch, sOffset: s.offset, bKey: streamKey(seed, Stream.bias, l), bStd: Math.sqrt(sigmaB2),
      }, { weights: w.buffer, hIn: l === 1 ? this.buffers.x : this.pp(l - 1), sOut: s.buffer, hOut: this.pp(l), scales: this.buffers.scales }, tileGrid(fwd.spec.overrides, batch, n));
      if (stats) {
        pass.dispatch(K.forwardStats, { ...act, nOut: n, batch, sOffset: s.offset, slot: l - lo, numGroups: sg }, { sIn: s.buffer, partials: this.buffers.partials }, [sg]);
      }
    }
    if (stats) this.reduce(pass, 'forward_stats', sg, ai, lo, hi);
  }

  // ---- backward --------------------------------------------------------------------------------
  /** Layers hi down to lo; hi = depth starts with δ_depth. */
  recordBackward(ai: number, ra: RunActivation, lo: number, hi: number, stats: boolean, details: boolean): void {
    const { batch, depth, seed, top, weightGrads } = this.config;
    const n = this.n;
    const K = this.kernels;
    const B = this.buffers;
    const sg = statsGroups(n);
    const wg = K.weightGrad ? weightGradGroups(K.weightGrad.spec.overrides, n, n) : 0;
    const bwd = K.backward;
    const df = { dfKind: ra.derivative.id, dfP: ra.derivative.param };
    const word = (l: number, w: keyof typeof SCALE_WORD): number => scaleWord(depth, ai, l, w);
    const pass = this.recorder.pass(`backward ${ra.spec} ${hi}-${lo}`);
    for (let l = hi; l >= lo; l--) {
      const s = this.preact(l);
      const out = { maxOut: word(l, 'deltaMax'), expOut: word(l, 'deltaExp') };
      if (l === depth) {
        const mse = top === 'mse';
        pass.dispatch(K.topDelta, {
          ...df, count: batch * n, topMode: mse ? TOP_MSE : TOP_RANDOM, topKey: streamKey(seed, mse ? Stream.target : Stream.topDelta, depth),
          actKind: ra.id, actP: ra.param, sOffset: s.offset,
          // The mse error needs the true h = h̃ · 2^F_depth.
          scaleMode: SCALE_TRACK | (rescalesForward(ra.name, ra.derivative.name, this.config.sigmaB2) ? SCALE_IN : 0), expIn: word(depth, 'forwardExp'), ...out,
        }, { sIn: s.buffer, dOut: this.pp(l), scales: B.scales }, [strideGroups(batch * n, K.topDelta.spec.overrides.WG)]);
      } else {
        const w = this.weights(l + 1);
        pass.dispatch(bwd, {
          ...w.values, ...df, nIn: n, nOut: n, batch, sOffset: s.offset,
          scaleMode: SCALE_IN | SCALE_TRACK, maxIn: word(l + 1, 'deltaMax'), expIn: word(l + 1, 'deltaExp'), ...out,
        }, { weights: w.buffer, dIn: this.pp(l + 1), sIn: s.buffer, dOut: this.pp(l), scales: B.scales }, tileGrid(bwd.spec.overrides, batch, n));
      }
      if (!stats) continue;
      const row = ai * depth + l - 1;
      pass.dispatch(K.backwardStats, {
        ...df, nOut: n, batch, sOffset: s.offset, slot: l - lo, numGroups: sg,
        details: details ? 1 : 0, detailOffset: details ? row * n : 0, histOffset: details ? row * FPRIME_BINS : 0,
      }, { dIn: this.pp(l), sIn: s.buffer, partials: B.partials, unitRms: B.unitRms, hist: B.hist }, [sg]);
      if (weightGrads) {
        const below = l === 1 ? { buffer: B.x, offset: 0 } : this.preact(l - 1);
        pass.dispatch(loaded(K.weightGrad, 'weight_grad'), {
          nIn: n, nOut: n, batch, actKind: ra.id, actP: ra.param, inMode: l === 1 ? 0 : 1, inOffset: below.offset, slot: l - lo, numGroups: wg,
        }, { dIn: this.pp(l), below: below.buffer, partials: B.partials }, [wg]);
      }
    }
    if (stats) {
      this.reduce(pass, 'backward_stats', sg, ai, lo, hi);
      if (weightGrads) this.reduce(pass, 'weight_grad', wg, ai, lo, hi);
    }
  }
}
