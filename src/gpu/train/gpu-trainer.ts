/**
 * The WebGPU training engine. Parameters, gradients and optimizer state stay on the GPU for the
 * whole run; many steps are encoded per submit and statistics are read back only at checkpoints.
 *
 * One step, all on the GPU: train_gather → per layer the shared forward kernel (s = W h, stored
 * weights from the flat parameter buffer) + train_bias_act → train_loss → per layer (top down)
 * train_weight_grad, the shared backward kernel (g = Wᵀδ, with f′ = 1), train_prelu_grad (PReLU),
 * train_act_backward (δ = g ⊙ f′(s)) → train_update. The CPU trainer (src/sim/train/cpu-trainer.ts)
 * runs the same steps; both start from the same weights (generated on the CPU and uploaded once).
 */
import { ConfigError, GiB } from '../../sim/config';
import { mergeScaled, type EngineInfo } from '../../sim/stats';
import { softmaxRows } from '../../sim/train/cpu-trainer';
import { batchKey } from '../../sim/train/kernels';
import { initModel, modelActivations, modelShapes, type LayerShape, type ResolvedModelActivations } from '../../sim/train/model';
import { biasCorrections, hyperOf } from '../../sim/train/optimizers';
import { generateTask, type TaskData } from '../../sim/train/tasks';
import { DeadTracker, emptyRawTrainLayer, finalizeCheckpoint, splitMetrics, type RawTrainLayer, type ScaledSquares } from '../../sim/train/tracking';
import type { TrainConfig } from '../../sim/train/train-config';
import { isCheckpointStep, type Checkpoint, type GridPrediction, type Trainer } from '../../sim/train/trainer';
import { encodeBackward, backwardKernel } from '../backward';
import { GpuError, acquireGpu, inErrorScopes, serialOnDevice, type GpuContext } from '../device';
import { encodeForward, forwardKernel } from '../forward';
import { createBindGroup, dispatch, loadKernel, type BufferBinding, type Kernel } from '../kernel';
import { LayerParams, PARAMS_SLOT, WDIST_STORED, type LayerParamsValues } from '../params';
import { TrainBuffers } from './train-buffers';
import { trainActBackwardKernel } from './train-act-backward';
import { trainBiasActKernel } from './train-bias-act';
import { trainGatherKernel } from './train-gather';
import {
  TRAIN_SLOT, TrainParams, dispatchElements, loadTrainKernel,
  type TrainKernel, type TrainKernelSpec, type TrainParamsValues,
} from './train-kernel';
import { trainLossKernel } from './train-loss';
import { trainPreluGradKernel } from './train-prelu-grad';
import { trainSegmentRmsKernel } from './train-segment-rms';
import { trainUnitStatsKernel } from './train-unit-stats';
import { trainUpdateKernel } from './train-update';
import { trainWeightGradKernel } from './train-weight-grad';

/** Steps encoded into one command buffer at most. */
export const STEPS_PER_SUBMIT = 64;
const LINEAR = 0;
const OPT_KIND = { sgd: 0, momentum: 1, adam: 2 } as const;
type Mode = 'train' | 'tr' | 'te' | 'grid';
const MODES: Mode[] = ['train', 'tr', 'te', 'grid'];

/** Packs uniform slots into a CPU-side image of a uniform buffer. */
class Slots<V> {
  readonly bytes: ArrayBuffer;
  private readonly view: DataView;
  used = 0;
  constructor(capacity: number, private readonly pack: (view: DataView, at: number, v: V) => void) {
    this.bytes = new ArrayBuffer(Math.max(256, capacity * PARAMS_SLOT));
    this.view = new DataView(this.bytes);
  }
  push(v: V): number {
    const at = this.used;
    this.pack(this.view, at, v);
    this.used += PARAMS_SLOT;
    return at;
  }
  set(at: number, v: V): void {
    new Uint8Array(this.bytes, at, PARAMS_SLOT).fill(0);
    this.pack(this.view, at, v);
  }
}

interface TrainKernels {
  forward: Kernel<string>;
  backward: Kernel<string>;
  gather: TrainKernel<string>;
  biasAct: TrainKernel<string>;
  loss: TrainKernel<string>;
  weightGrad: TrainKernel<string>;
  actBackward: TrainKernel<string>;
  preluGrad: TrainKernel<string>;
  update: TrainKernel<string>;
  unitStats: TrainKernel<string>;
  segmentRms: TrainKernel<string>;
}

async function loadTrainKernels(device: GPUDevice): Promise<TrainKernels> {
  const t = (spec: TrainKernelSpec<string>): Promise<TrainKernel<string>> => loadTrainKernel(device, spec);
  const [forward, backward, gather, biasAct, loss, weightGrad, actBackward, preluGrad, update, unitStats, segmentRms] = await Promise.all([
    loadKernel(device, forwardKernel), loadKernel(device, backwardKernel),
    t(trainGatherKernel), t(trainBiasActKernel), t(trainLossKernel), t(trainWeightGradKernel), t(trainActBackwardKernel),
    t(trainPreluGradKernel), t(trainUpdateKernel), t(trainUnitStatsKernel), t(trainSegmentRmsKernel),
  ]);
  return { forward, backward, gather, biasAct, loss, weightGrad, actBackward, preluGrad, update, unitStats, segmentRms };
}

export interface WebGpuTrainerOptions {
  /** Share a device with the simulation engine; otherwise one is acquired. */
  ctx?: GpuContext;
  /** GPU memory one training run may use; default 2 GiB. */
  memoryBudgetBytes?: number;
}

export async function createWebGpuTrainer(opts: WebGpuTrainerOptions = {}): Promise<WebGpuTrainer> {
  const ctx = opts.ctx ?? (await acquireGpu());
  // Serialized with everything else on this device, which the simulator may share.
  const kernels = await serialOnDevice(ctx.device, () => inErrorScopes(ctx.device, () => loadTrainKernels(ctx.device)));
  return new WebGpuTrainer(ctx, kernels, opts.memoryBudgetBytes ?? 2 * GiB);
}

/** Per-mode static uniform slot offsets. */
interface ModeSlots {
  rows: number;
  fwd: number[];
  bwd: number[];
  biasAct: number[];
  wgrad: number[];
  actBack: number[];
  prelu: number[];
  unitStats: number[];
  loss: number;
}

export class WebGpuTrainer implements Trainer {
  readonly kind = 'webgpu' as const;
  stepsDone = 0;
  config!: TrainConfig;
  task!: TaskData;
  private shapes: LayerShape[] = [];
  private acts!: ResolvedModelActivations;
  private buffers: TrainBuffers | null = null;
  private lp!: GPUBuffer;
  private tp!: GPUBuffer;
  private tSlots!: Slots<TrainParamsValues>;
  private slots = new Map<Mode, ModeSlots>();
  private stepSlot0 = 0;
  private segSlot = { grads: 0, params: 0 };
  private groups = new Map<string, GPUBindGroup>();
  private tracker!: DeadTracker;
  private rows = 0;
  private disposed = false;

  constructor(readonly ctx: GpuContext, private readonly k: TrainKernels, private readonly budget: number) {}

  get device(): GPUDevice {
    return this.ctx.device;
  }

  engineInfo(): EngineInfo {
    return { kind: 'webgpu', adapter: this.ctx.adapter, runtime: (globalThis.navigator as Navigator | undefined)?.userAgent ?? 'unknown' };
  }

  private assertUsable(): void {
    if (this.disposed) throw new GpuError('the WebGPU trainer was disposed');
    if (this.ctx.lostMessage) throw new GpuError(this.ctx.lostMessage);
  }

  private assertInitialised(): void {
    this.assertUsable();
    if (!this.buffers) throw new Error('the WebGPU trainer was not initialised (call init first)');
  }

  init(config: TrainConfig): Promise<Checkpoint> {
    return serialOnDevice(this.device, () => this.initNow(config));
  }

  private async initNow(config: TrainConfig): Promise<Checkpoint> {
    this.assertUsable();
    this.release();
    this.config = config;
    this.task = generateTask(config);
    this.shapes = modelShapes(config.depth, config.width, this.task.inputDim, this.task.outputs);
    this.acts = modelActivations(config);
    this.rows = Math.ceil(Math.max(config.batchSize, config.trainSize, config.testSize, 256) / 32) * 32;
    const sizes = {
      shapes: this.shapes, rows: this.rows, batch: config.batchSize, inputDim: this.task.inputDim, outputs: this.task.outputs,
      trainN: config.trainSize, testN: config.testSize,
    };
    // Refuse before generating anything: a network beyond the device must not even be built on the CPU.
    TrainBuffers.check(sizes, this.ctx.limits, this.budget);
    const model = initModel(config, this.task.inputDim, this.task.outputs);
    return inErrorScopes(this.device, async () => {
      this.device.pushErrorScope('out-of-memory');
      const B = (this.buffers = new TrainBuffers(this.device, sizes));
      const oom = await this.device.popErrorScope();
      if (oom) throw new ConfigError(`the GPU could not allocate the training buffers (${oom.message}); reduce depth, width or the data sizes`);
      const q = this.device.queue;
      const flat = new Float32Array(B.layout.count);
      model.weights.forEach((w, l) => flat.set(w, B.layout.wOff[l]));
      model.biases.forEach((b, l) => flat.set(b, B.layout.bOff[l]));
      flat.set(model.slopes, B.layout.slopeOff);
      q.writeBuffer(B.params, 0, flat);
      const upload = (buffer: GPUBuffer, a: Float32Array): void => q.writeBuffer(buffer, 0, a.buffer as ArrayBuffer, a.byteOffset, a.byteLength);
      upload(B.xTrain, this.task.train.x);
      upload(B.yTrain, this.task.train.y);
      upload(B.xTest, this.task.test.x);
      upload(B.yTest, this.task.test.y);
      this.writeSlots();
      this.tracker = new DeadTracker(this.shapes);
      this.stepsDone = 0;
      return this.checkpoint();
    });
  }

  /** All uniforms that do not change between steps, written once. */
  private writeSlots(): void {
    const B = this.buffers!;
    const c = this.config;
    const L = this.shapes.length;
    const { act, back, learnedSlope } = this.acts;
    const sameBack = back === act;
    const lossKind = this.task.classification ? 0 : 1;
    const lSlots = new Slots<LayerParamsValues>(MODES.length * 2 * L, (v, at, x) => LayerParams.pack(v, at, x));
    this.tSlots = new Slots<TrainParamsValues>(MODES.length * (6 * L + 1) + 2 + 2 * STEPS_PER_SUBMIT, (v, at, x) => TrainParams.pack(v, at, x));
    const T = this.tSlots;
    const rowsOf: Record<Mode, number> = { train: c.batchSize, tr: c.trainSize, te: c.testSize, grid: this.rows };
    for (const mode of MODES) {
      const rows = rowsOf[mode];
      const m: ModeSlots = { rows, fwd: [], bwd: [], biasAct: [], wgrad: [], actBack: [], prelu: [], unitStats: [], loss: 0 };
      this.shapes.forEach((s, l) => {
        const head = l === L - 1;
        m.fwd.push(lSlots.push({
          nIn: s.nIn, nOut: s.nOut, batch: rows, actKind: LINEAR, actP: 0, wDist: WDIST_STORED, wOffset: B.layout.wOff[l],
          sOffset: l * B.sStride, bStd: 0,
        }));
        m.bwd.push(lSlots.push({
          nIn: s.nIn, nOut: s.nOut, batch: rows, dfKind: LINEAR, dfP: 0, wDist: WDIST_STORED, wOffset: B.layout.wOff[l],
          sOffset: Math.max(0, l - 1) * B.sStride,
        }));
        m.biasAct.push(T.push({
          count: rows * s.nOut, nOut: s.nOut, offS: l * B.sStride, offB: B.layout.bOff[l], offC: B.layout.slopeOff, layer: l,
          actKind: head ? LINEAR : act.def.id, actP: head ? 0 : act.param, flags: learnedSlope && !head ? 1 : 0,
        }));
        m.wgrad.push(T.push({ rows, nIn: s.nIn, nOut: s.nOut, offW: B.layout.wOff[l], offB: B.layout.bOff[l], scale: 1 / rows }));
        const below = l > 0 ? this.shapes[l - 1] : s;
        m.actBack.push(T.push({
          count: rows * below.nOut, offS: Math.max(0, l - 1) * B.sStride, dfKind: back.def.id, dfP: back.param,
          offC: B.layout.slopeOff, layer: Math.max(0, l - 1), flags: learnedSlope && sameBack ? 2 : 0,
        }));
        m.prelu.push(T.push({ count: rows * below.nOut, offS: Math.max(0, l - 1) * B.sStride, offC: B.layout.slopeOff, layer: Math.max(0, l - 1), scale: 1 / rows }));
        m.unitStats.push(T.push({ rows, nOut: s.nOut, offS: l * B.sStride, offA: B.unitOff[l] }));
      });
      m.loss = T.push({ rows, outputs: this.task.outputs, lossKind, offA: mode === 'te' ? 2 * this.rows : 0 });
      this.slots.set(mode, m);
    }
    this.segSlot = { grads: T.push({ offA: 0 }), params: T.push({ offA: 2 * L }) };
    this.stepSlot0 = T.used;
    this.lp = B.make('train shared-kernel uniforms', lSlots.used, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.tp = B.make('train uniforms', T.bytes.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.device.queue.writeBuffer(this.lp, 0, lSlots.bytes, 0, lSlots.used);
    this.device.queue.writeBuffer(this.tp, 0, T.bytes, 0, T.used);
  }

  // ---- bind groups (built once, cached by name) ------------------------------------------------
  private shared(kernel: Kernel<string>, key: string, res: Record<string, BufferBinding>): GPUBindGroup {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = createBindGroup(this.device, kernel, this.lp, res, key)));
    return g;
  }

  private own(kernel: TrainKernel<string>, key: string, res: Record<string, GPUBuffer>): GPUBindGroup {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = createBindGroup(this.device, kernel, this.tp, res, key)));
    return g;
  }

  private inputOf(mode: Mode): { x: GPUBuffer; y: GPUBuffer } {
    const B = this.buffers!;
    switch (mode) {
      case 'train': return { x: B.xb, y: B.yb };
      case 'tr': return { x: B.xTrain, y: B.yTrain };
      case 'te': return { x: B.xTest, y: B.yTest };
      case 'grid': return { x: B.xGrid, y: B.yTest };
    }
  }

  // ---- encoding ----------------------------------------------------------------------------------
  private encodeForward(pass: GPUComputePassEncoder, mode: Mode): void {
    const B = this.buffers!;
    const m = this.slots.get(mode)!;
    const input = this.inputOf(mode).x;
    this.shapes.forEach((s, l) => {
      const hIn = l === 0 ? input : B.h[l - 1];
      const g = this.shared(this.k.forward, `fwd ${mode} ${l}`, { weights: B.params, hIn, sOut: B.s, hOut: B.h[l] });
      encodeForward(pass, this.k.forward, g, m.fwd[l], m.rows, s.nOut);
      dispatchElements(pass, this.k.biasAct, this.own(this.k.biasAct, `bias_act ${l}`, { S: B.s, H: B.h[l], params: B.params }), m.biasAct[l], m.rows * s.nOut);
    });
  }

  private encodeLoss(pass: GPUComputePassEncoder, mode: Mode): void {
    const B = this.buffers!;
    const L = this.shapes.length;
    const m = this.slots.get(mode)!;
    const g = this.own(this.k.loss, `loss ${mode}`, { Z: B.h[L - 1], Yt: this.inputOf(mode).y, D: B.d[(L - 1) & 1], rowOut: B.rowLoss });
    dispatchElements(pass, this.k.loss, g, m.loss, m.rows);
  }

  private encodeBackward(pass: GPUComputePassEncoder, mode: Mode, stats: boolean): void {
    const B = this.buffers!;
    const m = this.slots.get(mode)!;
    const input = this.inputOf(mode).x;
    for (let l = this.shapes.length - 1; l >= 0; l--) {
      const s = this.shapes[l];
      const d = B.d[l & 1];
      const below = l === 0 ? input : B.h[l - 1];
      const wg = this.own(this.k.weightGrad, `wgrad ${mode} ${l}`, { D: d, Hb: below, G: B.grads });
      dispatch(pass, this.k.weightGrad, wg, m.wgrad[l], Math.ceil((s.nIn + 1) / 16), Math.ceil(s.nOut / 16));
      if (stats) {
        const sg = this.own(this.k.unitStats, `unit_stats ${l}`, { H: B.h[l], S: B.s, D: d, stats: B.unitStats });
        dispatchElements(pass, this.k.unitStats, sg, m.unitStats[l], s.nOut);
      }
      if (l === 0) break;
      const bg = this.shared(this.k.backward, `bwd ${l}`, { weights: B.params, dIn: d, sIn: B.s, dOut: B.gUp });
      encodeBackward(pass, this.k.backward, bg, m.bwd[l], m.rows, s.nIn);
      if (this.acts.learnedSlope) {
        dispatch(pass, this.k.preluGrad, this.own(this.k.preluGrad, 'prelu_grad', { Gup: B.gUp, S: B.s, G: B.grads }), m.prelu[l], 1);
      }
      const ab = this.own(this.k.actBackward, `act_backward ${l}`, { Gup: B.gUp, S: B.s, params: B.params, D: B.d[(l - 1) & 1] });
      dispatchElements(pass, this.k.actBackward, ab, m.actBack[l], m.rows * s.nIn);
    }
  }

  private encodeStep(pass: GPUComputePassEncoder, slot: number): void {
    const B = this.buffers!;
    dispatchElements(pass, this.k.gather, this.own(this.k.gather, 'gather', { X: B.xTrain, Y: B.yTrain, xb: B.xb, yb: B.yb }), slot, this.config.batchSize);
    this.encodeForward(pass, 'train');
    this.encodeLoss(pass, 'train');
    this.encodeBackward(pass, 'train', false);
    dispatchElements(pass, this.k.update, this.own(this.k.update, 'update', { Pm: B.params, G: B.grads, M: B.m, V: B.v }), slot + TRAIN_SLOT, B.layout.count);
  }

  step(n: number): Promise<Checkpoint[]> {
    return serialOnDevice(this.device, () => this.stepNow(n));
  }

  private async stepNow(n: number): Promise<Checkpoint[]> {
    this.assertInitialised();
    const out: Checkpoint[] = [];
    const c = this.config;
    const end = Math.min(c.steps, this.stepsDone + Math.max(0, Math.floor(n)));
    await inErrorScopes(this.device, async () => {
      while (this.stepsDone < end) {
        // Steps up to the next checkpoint (or STEPS_PER_SUBMIT) go into one command buffer.
        const nextCk = Math.min(end, c.steps, (Math.floor(this.stepsDone / c.every) + 1) * c.every);
        const count = Math.min(STEPS_PER_SUBMIT, nextCk - this.stepsDone);
        this.submitSteps(count);
        if (isCheckpointStep(this.stepsDone, c)) out.push(await this.checkpoint());
        else await this.device.queue.onSubmittedWorkDone();
        this.assertUsable();
        const errors = this.ctx.takeErrors();
        if (errors.length) throw new GpuError(`WebGPU error: ${errors.join('; ')}`);
      }
    });
    return out;
  }

  private submitSteps(count: number): void {
    const c = this.config;
    const h = hyperOf(c);
    const T = this.tSlots;
    const B = this.buffers!;
    const key = batchKey(c.seed);
    const first = this.stepsDone + 1;
    for (let i = 0; i < count; i++) {
      const t = first + i;
      const { c1, c2 } = biasCorrections(h, t);
      const at = this.stepSlot0 + 2 * i * TRAIN_SLOT;
      T.set(at, { rows: c.batchSize, n: c.trainSize, key, t, dIn: this.task.inputDim, outputs: this.task.outputs });
      T.set(at + TRAIN_SLOT, {
        count: B.layout.count, decayEnd: B.layout.decayEnd, optKind: OPT_KIND[c.optimizer], lr: c.lr, momentum: c.momentum,
        beta1: c.beta1, beta2: c.beta2, eps: c.eps, wd: c.weightDecay, c1, c2, t,
      });
    }
    this.device.queue.writeBuffer(this.tp, this.stepSlot0, T.bytes, this.stepSlot0, 2 * count * TRAIN_SLOT);
    const enc = this.device.createCommandEncoder({ label: `train steps ${first}-${first + count - 1}` });
    const pass = enc.beginComputePass({ label: `train steps ${first}-${first + count - 1}` });
    for (let i = 0; i < count; i++) this.encodeStep(pass, this.stepSlot0 + 2 * i * TRAIN_SLOT);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    this.stepsDone += count;
  }

  /** The whole-training-set pass, the test pass, and the one readback of the checkpoint. */
  private async checkpoint(): Promise<Checkpoint> {
    const B = this.buffers!;
    const L = this.shapes.length;
    const c = this.config;
    const enc = this.device.createCommandEncoder({ label: `checkpoint ${this.stepsDone}` });
    const pass = enc.beginComputePass({ label: `checkpoint ${this.stepsDone}` });
    this.encodeForward(pass, 'tr');
    this.encodeLoss(pass, 'tr');
    this.encodeBackward(pass, 'tr', true);
    dispatch(pass, this.k.segmentRms, this.own(this.k.segmentRms, 'seg grads', { X: B.grads, segments: B.segments, out: B.segOut }), this.segSlot.grads, 2 * L);
    dispatch(pass, this.k.segmentRms, this.own(this.k.segmentRms, 'seg params', { X: B.params, segments: B.segments, out: B.segOut }), this.segSlot.params, L);
    this.encodeForward(pass, 'te');
    this.encodeLoss(pass, 'te');
    pass.end();
    const sizes = [B.unitStats.size, B.segOut.size, B.rowLoss.size, 4 * L];
    const staging = this.device.createBuffer({ label: 'checkpoint readback', size: sizes.reduce((a, b) => a + b, 0), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    let at = 0;
    enc.copyBufferToBuffer(B.unitStats, 0, staging, at, sizes[0]); at += sizes[0];
    enc.copyBufferToBuffer(B.segOut, 0, staging, at, sizes[1]); at += sizes[1];
    enc.copyBufferToBuffer(B.rowLoss, 0, staging, at, sizes[2]); at += sizes[2];
    enc.copyBufferToBuffer(B.params, 4 * B.layout.slopeOff, staging, at, sizes[3]);
    this.device.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      const bytes = staging.getMappedRange().slice(0);
      staging.unmap();
      return this.parseCheckpoint(bytes, sizes, c);
    } finally {
      staging.destroy();
    }
  }

  private parseCheckpoint(bytes: ArrayBuffer, sizes: number[], c: TrainConfig): Checkpoint {
    const B = this.buffers!;
    const L = this.shapes.length;
    const u32 = new Uint32Array(bytes, 0, sizes[0] / 4);
    const f32 = new Float32Array(bytes, 0, sizes[0] / 4);
    const segU = new Uint32Array(bytes, sizes[0], sizes[1] / 4);
    const segF = new Float32Array(bytes, sizes[0], sizes[1] / 4);
    const rows = new Float32Array(bytes, sizes[0] + sizes[1], sizes[2] / 4);
    const slopes = new Float32Array(bytes, sizes[0] + sizes[1] + sizes[2], L);
    const squares = (seg: number, count: number): ScaledSquares => ({ scale: segF[4 * seg], ssq: segF[4 * seg + 1], count, nonFinite: segU[4 * seg + 2] });
    const raws: RawTrainLayer[] = this.shapes.map((s, l) => {
      const raw = emptyRawTrainLayer(s);
      let scale = 0, ssq = 0;
      for (let j = 0; j < s.nOut; j++) {
        const r = (B.unitOff[l] + j) * 8;
        [scale, ssq] = mergeScaled(scale, ssq, f32[r], f32[r + 1]);
        raw.zeroCount += u32[r + 2];
        raw.alive[j] = u32[r + 3];
        raw.nonFinite += u32[r + 4];
        raw.deltaNonFinite += u32[r + 5];
      }
      raw.deltaScale = scale;
      raw.deltaSsq = ssq;
      raw.gradW = squares(l, s.nIn * s.nOut);
      raw.gradB = squares(L + l, s.nOut);
      const w = squares(2 * L + l, s.nIn * s.nOut);
      raw.weightRms = w.nonFinite > 0 ? NaN : w.scale === 0 ? 0 : w.scale * Math.sqrt(w.ssq / w.count);
      if (this.acts.learnedSlope && l < L - 1) raw.slope = slopes[l];
      return raw;
    });
    const sum = (from: number, n: number): [number, number] => {
      let loss = 0, correct = 0;
      for (let b = 0; b < n; b++) { loss += rows[from + 2 * b]; correct += rows[from + 2 * b + 1]; }
      return [loss, correct];
    };
    const [trL, trC] = sum(0, c.trainSize);
    const [teL, teC] = sum(2 * this.rows, c.testSize);
    return finalizeCheckpoint(
      this.stepsDone, raws, this.shapes, c.trainSize,
      splitMetrics(trL, trC, c.trainSize, this.task.classification), splitMetrics(teL, teC, c.testSize, this.task.classification), this.tracker,
    );
  }

  predictGrid(resolution: number): Promise<GridPrediction> {
    return serialOnDevice(this.device, () => this.predictGridNow(resolution));
  }

  private async predictGridNow(resolution: number): Promise<GridPrediction> {
    this.assertInitialised();
    const res = Math.max(2, Math.min(512, Math.floor(resolution)));
    const [x0, x1, y0, y1] = this.task.bounds;
    const n = res * res;
    const outs = this.task.outputs;
    const B = this.buffers!;
    const L = this.shapes.length;
    const values = new Float32Array(n * outs);
    await inErrorScopes(this.device, async () => {
      for (let start = 0; start < n; start += this.rows) {
        const count = Math.min(this.rows, n - start);
        const xs = new Float32Array(this.rows * 2);
        for (let k = 0; k < count; k++) {
          const p = start + k, r = Math.floor(p / res), c = p % res;
          xs[2 * k] = x0 + ((c + 0.5) / res) * (x1 - x0);
          xs[2 * k + 1] = y1 - ((r + 0.5) / res) * (y1 - y0);
        }
        this.device.queue.writeBuffer(B.xGrid, 0, xs);
        const enc = this.device.createCommandEncoder({ label: 'predict grid' });
        const pass = enc.beginComputePass({ label: 'predict grid' });
        this.encodeForward(pass, 'grid');
        pass.end();
        const bytes = count * outs * 4;
        const staging = this.device.createBuffer({ label: 'grid readback', size: Math.ceil(bytes / 4) * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
        enc.copyBufferToBuffer(B.h[L - 1], 0, staging, 0, staging.size);
        this.device.queue.submit([enc.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        values.set(new Float32Array(staging.getMappedRange().slice(0, bytes)), start * outs);
        staging.unmap();
        staging.destroy();
      }
    });
    if (this.task.classification) softmaxRows(values, outs);
    return { resolution: res, bounds: this.task.bounds, outputs: outs, classification: this.task.classification, values };
  }

  /** The current parameters, read back (tests and export). */
  readParams(): Promise<{ weights: Float32Array[]; biases: Float32Array[]; slopes: Float32Array }> {
    return serialOnDevice(this.device, () => this.readParamsNow());
  }

  private async readParamsNow(): Promise<{ weights: Float32Array[]; biases: Float32Array[]; slopes: Float32Array }> {
    this.assertInitialised();
    const B = this.buffers!;
    const staging = this.device.createBuffer({ label: 'params readback', size: B.params.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = this.device.createCommandEncoder({ label: 'params readback' });
    enc.copyBufferToBuffer(B.params, 0, staging, 0, B.params.size);
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const flat = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    return {
      weights: this.shapes.map((s, l) => flat.slice(B.layout.wOff[l], B.layout.wOff[l] + s.nIn * s.nOut)),
      biases: this.shapes.map((s, l) => flat.slice(B.layout.bOff[l], B.layout.bOff[l] + s.nOut)),
      slopes: flat.slice(B.layout.slopeOff, B.layout.slopeOff + this.shapes.length),
    };
  }

  private release(): void {
    this.groups.clear();
    this.slots.clear();
    this.buffers?.dispose();
    this.buffers = null;
  }

  dispose(): void {
    this.release();
    this.disposed = true;
  }
}
