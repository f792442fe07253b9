/**
 * Encodes one simulation on the GPU: generation, the forward and backward passes layer by layer,
 * and the statistics kernels, in chunks of layers per command buffer. Owns the run's buffers
 * (RunBuffers) and bind groups (built once per run, cached by the buffers they bind).
 */
import { backwardOf, initOf, resolveActivation, type ResolvedActivation, type SimConfig } from '../sim/config';
import { Stream, streamKey } from '../sim/generator';
import { weightDistribution, type WeightDistribution } from '../sim/inits';
import { orthogonalMatrix } from '../sim/orthogonal';
import { FPRIME_BINS } from '../sim/stats';
import { backwardKernel, backwardRegenKernel, encodeBackward } from './backward';
import { backwardStatsKernel, encodeBackwardStats } from './backward-stats';
import { RunBuffers } from './buffers';
import { encodeForward, forwardKernel, forwardRegenKernel } from './forward';
import { encodeForwardStats, forwardStatsKernel, statsGroups } from './forward-stats';
import { encodeGenerate, generateKernel } from './generate';
import { createBindGroup, loadKernel, type BufferBinding, type Kernel } from './kernel';
import type { MemoryPlan } from './memory-plan';
import { DIST_NORMAL, DIST_UNIFORM, DIST_ZEROS, LayerParams, PARAMS_SLOT, WDIST_STORED, type LayerParamsValues } from './params';
import { PHASE_BACKWARD, PHASE_FORWARD, encodeReduce, reduceKernel } from './reduce';
import { TOP_MSE, TOP_RANDOM, encodeTopDelta, topDeltaKernel } from './top-delta';
import { encodeWeightGrad, weightGradGroups, weightGradKernel } from './weight-grad';

export interface Kernels {
  forward: Kernel<string>;
  forwardRegen: Kernel<string>;
  backward: Kernel<string>;
  backwardRegen: Kernel<string>;
  forwardStats: Kernel<string>;
  backwardStats: Kernel<string>;
  weightGrad: Kernel<string>;
  reduce: Kernel<string>;
  topDelta: Kernel<string>;
  generate: Kernel<string>;
}

/** Compiles (once per device, cached) every kernel a run needs. */
export async function loadKernels(device: GPUDevice): Promise<Kernels> {
  const [forward, forwardRegen, backward, backwardRegen, forwardStats, backwardStats, weightGrad, reduce, topDelta, generate] = await Promise.all([
    loadKernel(device, forwardKernel), loadKernel(device, forwardRegenKernel), loadKernel(device, backwardKernel),
    loadKernel(device, backwardRegenKernel), loadKernel(device, forwardStatsKernel),
    loadKernel(device, backwardStatsKernel), loadKernel(device, weightGradKernel), loadKernel(device, reduceKernel),
    loadKernel(device, topDeltaKernel), loadKernel(device, generateKernel),
  ]);
  return { forward, forwardRegen, backward, backwardRegen, forwardStats, backwardStats, weightGrad, reduce, topDelta, generate };
}

/** Packs per-dispatch uniforms into 256-byte slots; written with one writeBuffer per command buffer. */
class ParamsWriter {
  private readonly bytes: ArrayBuffer;
  private readonly view: DataView;
  private used = 0;
  constructor(capacity: number) {
    this.bytes = new ArrayBuffer(capacity);
    this.view = new DataView(this.bytes);
  }
  push(values: LayerParamsValues): number {
    if (this.used + PARAMS_SLOT > this.bytes.byteLength) throw new Error('internal: params slots exhausted');
    const offset = this.used;
    new Uint8Array(this.bytes, offset, PARAMS_SLOT).fill(0);
    LayerParams.pack(this.view, offset, values);
    this.used += PARAMS_SLOT;
    return offset;
  }
  flush(queue: GPUQueue, buffer: GPUBuffer): void {
    if (this.used > 0) queue.writeBuffer(buffer, 0, this.bytes, 0, this.used);
    this.used = 0;
  }
}

/** The forward and backward activation of one compared run. */
export interface RunActivation {
  act: ResolvedActivation;
  back: ResolvedActivation;
}

export function runActivations(config: SimConfig): RunActivation[] {
  return config.activations.map((spec) => {
    const act = resolveActivation(spec);
    return { act, back: backwardOf(config, act) };
  });
}

export class NetworkRun {
  readonly buffers: RunBuffers;
  private readonly writer: ParamsWriter;
  private readonly groups = new Map<string, GPUBindGroup>();
  private readonly dist: WeightDistribution;
  private readonly n: number;

  constructor(readonly device: GPUDevice, readonly kernels: Kernels, readonly plan: MemoryPlan, readonly config: SimConfig) {
    this.buffers = new RunBuffers(device, plan, config);
    this.writer = new ParamsWriter(plan.paramsBytes);
    this.dist = weightDistribution(initOf(config), config.width, config.width);
    this.n = config.width;
  }

  dispose(): void {
    this.groups.clear();
    this.buffers.dispose();
  }

  /** Writes this command buffer's uniforms; call right before submitting it. */
  flushParams(): void {
    this.writer.flush(this.device.queue, this.buffers.params);
  }

  // ---- layout helpers -------------------------------------------------------------------------
  private preact(l: number): { buffer: GPUBuffer; offset: number; index: number } {
    const p = this.plan;
    const index = Math.floor((l - 1) / p.preactLayersPerChunk);
    return { buffer: this.buffers.preactChunks[index], offset: ((l - 1) % p.preactLayersPerChunk) * p.preactStride, index };
  }

  /** Uniform fields describing W_l: stored location or how to regenerate it. */
  private weightParams(l: number): { values: LayerParamsValues; buffer: GPUBuffer; key: string } {
    const p = this.plan;
    if (p.storeWeights) {
      const index = Math.floor((l - 1) / p.weightLayersPerChunk);
      return {
        values: { wDist: WDIST_STORED, wOffset: ((l - 1) % p.weightLayersPerChunk) * p.weightStride },
        buffer: this.buffers.weightChunks[index],
        key: `w${index}`,
      };
    }
    const d = this.dist;
    const wDist = d.kind === 'normal' ? DIST_NORMAL : d.kind === 'uniform' ? DIST_UNIFORM : DIST_ZEROS;
    const wScale = d.kind === 'normal' ? d.std : d.kind === 'uniform' ? d.limit : 0;
    return { values: { wDist, wScale, wKey: streamKey(this.config.seed, Stream.weight, l) }, buffer: this.buffers.dummy, key: 'w-' };
  }

  private group(kernel: Kernel<string>, name: string, resources: Record<string, BufferBinding>, key: string): GPUBindGroup {
    const k = `${name}|${key}`;
    let g = this.groups.get(k);
    if (!g) {
      g = createBindGroup(this.device, kernel, this.buffers.params, resources, `${name} bind group ${key}`);
      this.groups.set(k, g);
    }
    return g;
  }

  private pp(l: number): GPUBuffer {
    return this.buffers.pingPong[l & 1];
  }

  // ---- generation ------------------------------------------------------------------------------
  /** x and (stored mode) W_1..W_depth for layers lo..hi; orthogonal weights are computed on the CPU and uploaded. */
  encodeGenerate(encoder: GPUCommandEncoder, lo: number, hi: number, withInput: boolean): void {
    const { seed, batch } = this.config;
    const n = this.n;
    const k = this.kernels.generate;
    const pass = encoder.beginComputePass({ label: `generate layers ${lo}-${hi}` });
    if (withInput) {
      const off = this.writer.push({ wDist: DIST_NORMAL, wScale: 1, wKey: streamKey(seed, Stream.input, 0), count: batch * n });
      encodeGenerate(pass, k, this.group(k, 'generate', { out: this.buffers.x }, 'x'), off, batch * n);
    }
    if (this.plan.storeWeights && this.dist.kind !== 'orthogonal') {
      for (let l = lo; l <= hi; l++) {
        const w = this.weightParams(l);
        const d = this.dist;
        const values: LayerParamsValues = {
          wDist: d.kind === 'normal' ? DIST_NORMAL : d.kind === 'uniform' ? DIST_UNIFORM : DIST_ZEROS,
          wScale: d.kind === 'normal' ? d.std : d.kind === 'uniform' ? d.limit : 0,
          wKey: streamKey(seed, Stream.weight, l), count: n * n, inOffset: w.values.wOffset,
        };
        encodeGenerate(pass, k, this.group(k, 'generate', { out: w.buffer }, w.key), this.writer.push(values), n * n);
      }
    }
    pass.end();
  }

  /** Orthogonal init: W_l from the CPU QR, uploaded (the only weights not generated on the GPU). */
  uploadOrthogonal(lo: number, hi: number): void {
    if (this.dist.kind !== 'orthogonal') return;
    for (let l = lo; l <= hi; l++) {
      const w = this.weightParams(l);
      const m = orthogonalMatrix(this.n, this.config.seed, l, this.dist.gain);
      this.device.queue.writeBuffer(w.buffer, (w.values.wOffset ?? 0) * 4, m.buffer, m.byteOffset, m.byteLength);
    }
  }

  // ---- forward ---------------------------------------------------------------------------------
  encodeForward(encoder: GPUCommandEncoder, ai: number, ra: RunActivation, lo: number, hi: number, stats: boolean): void {
    const { batch, depth, seed, sigmaB2 } = this.config;
    const n = this.n;
    const K = this.kernels;
    const fwd = this.plan.storeWeights ? K.forward : K.forwardRegen;
    const pass = encoder.beginComputePass({ label: `forward ${ra.act.spec} ${lo}-${hi}` });
    const sg = statsGroups(n);
    for (let l = lo; l <= hi; l++) {
      const w = this.weightParams(l);
      const s = this.preact(l);
      const inKey = l === 1 ? 'x' : `p${(l - 1) & 1}`;
      const off = this.writer.push({
        ...w.values, nIn: n, nOut: n, batch, actKind: ra.act.def.id, actP: ra.act.param, sOffset: s.offset,
        bKey: streamKey(seed, Stream.bias, l), bStd: Math.sqrt(sigmaB2),
      });
      const g = this.group(fwd, fwd.spec.label, {
        weights: w.buffer, hIn: l === 1 ? this.buffers.x : this.pp(l - 1), sOut: s.buffer, hOut: this.pp(l),
      }, `${w.key}|${inKey}|s${s.index}|p${l & 1}`);
      encodeForward(pass, fwd, g, off, batch, n);
      if (stats) {
        const so = this.writer.push({ nOut: n, batch, actKind: ra.act.def.id, actP: ra.act.param, sOffset: s.offset, slot: l - lo, numGroups: sg });
        encodeForwardStats(pass, K.forwardStats, this.group(K.forwardStats, 'forward_stats', { sIn: s.buffer, partials: this.buffers.partials }, `s${s.index}`), so, sg);
      }
    }
    if (stats) {
      const ro = this.writer.push({ phase: PHASE_FORWARD, statsGroups: sg, resultOffset: ai * depth + lo - 1 });
      encodeReduce(pass, K.reduce, this.group(K.reduce, 'reduce', { partials: this.buffers.partials, results: this.buffers.results }, ''), ro, hi - lo + 1);
    }
    pass.end();
  }

  // ---- backward --------------------------------------------------------------------------------
  /** Layers hi down to lo; hi = depth starts with δ_depth. */
  encodeBackward(encoder: GPUCommandEncoder, ai: number, ra: RunActivation, lo: number, hi: number, stats: boolean, details: boolean): void {
    const { batch, depth, seed, top, weightGrads } = this.config;
    const n = this.n;
    const K = this.kernels;
    const B = this.buffers;
    const sg = statsGroups(n);
    const wg = weightGradGroups(n, n);
    const bwd = this.plan.storeWeights ? K.backward : K.backwardRegen;
    const pass = encoder.beginComputePass({ label: `backward ${ra.act.spec} ${hi}-${lo}` });
    for (let l = hi; l >= lo; l--) {
      const s = this.preact(l);
      if (l === depth) {
        const mse = top === 'mse';
        const off = this.writer.push({
          count: batch * n, topMode: mse ? TOP_MSE : TOP_RANDOM, topKey: streamKey(seed, mse ? Stream.target : Stream.topDelta, depth),
          actKind: ra.act.def.id, actP: ra.act.param, dfKind: ra.back.def.id, dfP: ra.back.param, sOffset: s.offset,
        });
        encodeTopDelta(pass, K.topDelta, this.group(K.topDelta, 'top_delta', { sIn: s.buffer, dOut: this.pp(l) }, `s${s.index}|p${l & 1}`), off, batch * n);
      } else {
        const w = this.weightParams(l + 1);
        const off = this.writer.push({ ...w.values, nIn: n, nOut: n, batch, dfKind: ra.back.def.id, dfP: ra.back.param, sOffset: s.offset });
        const g = this.group(bwd, bwd.spec.label, { weights: w.buffer, dIn: this.pp(l + 1), sIn: s.buffer, dOut: this.pp(l) }, `${w.key}|s${s.index}|p${l & 1}`);
        encodeBackward(pass, bwd, g, off, batch, n);
      }
      if (!stats) continue;
      const row = ai * depth + l - 1;
      const so = this.writer.push({
        nOut: n, batch, dfKind: ra.back.def.id, dfP: ra.back.param, sOffset: s.offset, slot: l - lo, numGroups: sg,
        details: details ? 1 : 0, detailOffset: details ? row * n : 0, histOffset: details ? row * FPRIME_BINS : 0,
      });
      encodeBackwardStats(pass, K.backwardStats, this.group(K.backwardStats, 'backward_stats', {
        dIn: this.pp(l), sIn: s.buffer, partials: B.partials, unitRms: B.unitRms, hist: B.hist,
      }, `p${l & 1}|s${s.index}`), so, sg);
      if (weightGrads) {
        const below = l === 1 ? { buffer: B.x, offset: 0, key: 'x' } : (() => { const b = this.preact(l - 1); return { buffer: b.buffer, offset: b.offset, key: `s${b.index}` }; })();
        const go = this.writer.push({
          nIn: n, nOut: n, batch, actKind: ra.act.def.id, actP: ra.act.param, inMode: l === 1 ? 0 : 1, inOffset: below.offset, slot: l - lo, numGroups: wg,
        });
        encodeWeightGrad(pass, K.weightGrad, this.group(K.weightGrad, 'weight_grad', { dIn: this.pp(l), below: below.buffer, partials: B.partials }, `p${l & 1}|${below.key}`), go, wg);
      }
    }
    if (stats) {
      const ro = this.writer.push({ phase: PHASE_BACKWARD, statsGroups: sg, wgradGroups: wg, hasWgrad: weightGrads ? 1 : 0, resultOffset: ai * depth + lo - 1 });
      encodeReduce(pass, K.reduce, this.group(K.reduce, 'reduce', { partials: B.partials, results: B.results }, ''), ro, hi - lo + 1);
    }
    pass.end();
  }
}
