/**
 * The WebGPU training engine. Parameters, gradients and optimizer state stay on the GPU for the
 * whole run; many steps are encoded per submit and statistics are read back only at checkpoints.
 * It records its dispatches with the simulator's machinery (src/gpu/recorder.ts, kernel.ts).
 *
 * One step, all on the GPU: train_gather → per layer the shared forward kernel (s = W h, stored
 * weights from the flat parameter buffer) + train_bias_act → train_loss → per layer (top down)
 * train_weight_grad, the shared backward kernel (g = Wᵀδ, with f′ = 1), train_prelu_grad (PReLU),
 * train_act_backward (δ = g ⊙ f′(s)) → train_update. The CPU trainer (src/sim/train/cpu-trainer.ts)
 * runs the same steps; both start from the same weights (generated on the CPU and uploaded once).
 */
import { ConfigError } from '../../sim/config';
import { GiB } from '../../sim/memory';
import { runtimeName } from '../../sim/runtime';
import { mergeRecord } from '../../sim/stat-schema';
import type { EngineInfo } from '../../sim/stats';
import { softmaxRows } from '../../sim/train/cpu-trainer';
import { batchKey } from '../../sim/train/kernels';
import { lossKindOf } from '../../sim/train/backprop';
import { initModel, modelActivations, modelShapes, type LayerShape, type ResolvedModelActivations } from '../../sim/train/model';
import { biasCorrections, hyperOf } from '../../sim/train/optimizers';
import { generateTask, type TaskData } from '../../sim/train/tasks';
import { DeadTracker, TRAIN_UNIT_SUMS, emptyRawTrainLayer, finalizeCheckpoint, splitMetrics, type RawTrainLayer } from '../../sim/train/tracking';
import type { TrainConfig } from '../../sim/train/train-config';
import { isCheckpointStep, type Checkpoint, type GridPrediction, type Trainer } from '../../sim/train/trainer';
import { backwardTrainKernel } from '../backward';
import { GpuError, acquireGpu, inErrorScopes, serialOnDevice, type GpuContext } from '../device';
import { forwardTrainKernel } from '../forward';
import { tileGrid } from '../includes';
import { elementGrid, loadKernelSet, type KernelSet, type UniformFieldOf } from '../kernel';
import { DispatchRecorder, packUniform, type PackedUniform, type PassRecorder } from '../recorder';
import { recordReader } from '../stat-record';
import { TrainBuffers } from './train-buffers';
import { trainActBackwardKernel } from './train-act-backward';
import { trainBiasActKernel } from './train-bias-act';
import { trainGatherKernel } from './train-gather';
import { LOSS_KIND, trainLossKernel } from './train-loss';
import { trainPreluGradKernel } from './train-prelu-grad';
import { SEGMENT_RECORD, trainSegmentRmsKernel } from './train-segment-rms';
import { UNIT_RECORD, trainUnitStatsKernel } from './train-unit-stats';
import { OPT_KIND, trainUpdateKernel } from './train-update';
import { trainWeightGradGrid, trainWeightGradKernel } from './train-weight-grad';

/** Steps encoded into one command buffer at most. */
export const STEPS_PER_SUBMIT = 64;
type Mode = 'train' | 'tr' | 'te' | 'grid';
const MODES: Mode[] = ['train', 'tr', 'te', 'grid'];

/** Every kernel a training runs: the simulator's forward and backward WGSL (stored weights, nothing rescaled) and training's own. */
const TRAIN_KERNELS = {
  forward: forwardTrainKernel,
  backward: backwardTrainKernel,
  gather: trainGatherKernel,
  biasAct: trainBiasActKernel,
  loss: trainLossKernel,
  weightGrad: trainWeightGradKernel,
  actBackward: trainActBackwardKernel,
  preluGrad: trainPreluGradKernel,
  update: trainUpdateKernel,
  unitStats: trainUnitStatsKernel,
  segmentRms: trainSegmentRmsKernel,
} as const;

type TrainKernels = KernelSet<typeof TRAIN_KERNELS>;

export interface WebGpuTrainerOptions {
  /** Share a device with the simulation engine; otherwise one is acquired. */
  ctx?: GpuContext;
  /** GPU memory one training run may use; default 2 GiB. */
  memoryBudgetBytes?: number;
}

export async function createWebGpuTrainer(opts: WebGpuTrainerOptions = {}): Promise<WebGpuTrainer> {
  const ctx = opts.ctx ?? (await acquireGpu());
  // Serialized with everything else on this device, which the simulator may share.
  const kernels = await serialOnDevice(ctx.device, () => inErrorScopes(ctx.device, () => loadKernelSet(ctx.device, TRAIN_KERNELS)));
  return new WebGpuTrainer(ctx, kernels, opts.memoryBudgetBytes ?? 2 * GiB);
}

type Packed<S> = PackedUniform<UniformFieldOf<S>>;

/** The uniforms of one pass kind (minibatch, training set, test set, grid) that never change: packed once. */
interface ModeUniforms {
  rows: number;
  fwd: Packed<typeof forwardTrainKernel>[];
  biasAct: Packed<typeof trainBiasActKernel>[];
  wgrad: Packed<typeof trainWeightGradKernel>[];
  bwd: Packed<typeof backwardTrainKernel>[];
  actBack: Packed<typeof trainActBackwardKernel>[];
  prelu: Packed<typeof trainPreluGradKernel>[];
  unitStats: Packed<typeof trainUnitStatsKernel>[];
  loss: Packed<typeof trainLossKernel>;
}

export class WebGpuTrainer implements Trainer {
  readonly kind = 'webgpu' as const;
  stepsDone = 0;
  config!: TrainConfig;
  task!: TaskData;
  private shapes: LayerShape[] = [];
  private acts!: ResolvedModelActivations;
  private buffers: TrainBuffers | null = null;
  private recorder: DispatchRecorder | null = null;
  private uniforms = new Map<Mode, ModeUniforms>();
  private segments!: { grads: Packed<typeof trainSegmentRmsKernel>; params: Packed<typeof trainSegmentRmsKernel> };
  private tracker!: DeadTracker;
  private rows = 0;
  private disposed = false;

  constructor(readonly ctx: GpuContext, private readonly k: TrainKernels, private readonly budget: number) {}

  get device(): GPUDevice {
    return this.ctx.device;
  }

  engineInfo(): EngineInfo {
    return { kind: 'webgpu', adapter: this.ctx.adapter, runtime: runtimeName() };
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
      this.recorder = new DispatchRecorder(this.device, 'training');
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
      this.packUniforms();
      this.tracker = new DeadTracker(this.shapes);
      this.stepsDone = 0;
      return this.checkpoint();
    });
  }

  /** All uniforms that do not change between steps, packed once per pass kind. */
  private packUniforms(): void {
    const B = this.buffers!;
    const K = this.k;
    const c = this.config;
    const L = this.shapes.length;
    const { act, back, learnedSlope, linear } = this.acts;
    const slopeBack = learnedSlope && back === act;
    const rowsOf: Record<Mode, number> = { train: c.batchSize, tr: c.trainSize, te: c.testSize, grid: this.rows };
    for (const mode of MODES) {
      const rows = rowsOf[mode];
      const m: ModeUniforms = {
        rows, fwd: [], biasAct: [], wgrad: [], bwd: [], actBack: [], prelu: [], unitStats: [],
        loss: packUniform(K.loss, { rows, outputs: this.task.outputs, lossKind: LOSS_KIND[lossKindOf(this.task.classification)], rowOffset: mode === 'te' ? 2 * this.rows : 0 }),
      };
      this.shapes.forEach((s, l) => {
        const head = l === L - 1;
        // Layer l's f′ acts on the layer below's s (l − 1); layer 0 has none (its backward is never run).
        const below = { offS: Math.max(0, l - 1) * B.sStride, layer: Math.max(0, l - 1), count: rows * (l > 0 ? this.shapes[l - 1].nOut : s.nOut) };
        m.fwd.push(packUniform(K.forward, {
          nIn: s.nIn, nOut: s.nOut, batch: rows, actKind: linear.id, actP: 0, wOffset: B.layout.wOff[l], sOffset: l * B.sStride, bStd: 0,
        }));
        m.biasAct.push(packUniform(K.biasAct, {
          count: rows * s.nOut, nOut: s.nOut, offS: l * B.sStride, offB: B.layout.bOff[l], offC: B.layout.slopeOff, layer: l,
          actKind: head ? linear.id : act.def.id, actP: head ? 0 : act.param, learnedSlope: learnedSlope && !head ? 1 : 0,
        }));
        m.wgrad.push(packUniform(K.weightGrad, { rows, nIn: s.nIn, nOut: s.nOut, offW: B.layout.wOff[l], offB: B.layout.bOff[l], scale: 1 / rows }));
        m.bwd.push(packUniform(K.backward, {
          nIn: s.nIn, nOut: s.nOut, batch: rows, dfKind: linear.id, dfP: 0, wOffset: B.layout.wOff[l], sOffset: below.offS,
        }));
        m.actBack.push(packUniform(K.actBackward, {
          ...below, dfKind: back.def.id, dfP: back.param, offC: B.layout.slopeOff, learnedSlope: slopeBack ? 1 : 0,
        }));
        m.prelu.push(packUniform(K.preluGrad, { ...below, offC: B.layout.slopeOff, scale: 1 / rows }));
        m.unitStats.push(packUniform(K.unitStats, { rows, nOut: s.nOut, offS: l * B.sStride, firstRecord: B.unitOff[l] }));
      });
      this.uniforms.set(mode, m);
    }
    this.segments = { grads: packUniform(K.segmentRms, { firstRecord: 0 }), params: packUniform(K.segmentRms, { firstRecord: 2 * L }) };
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

  // ---- recording ---------------------------------------------------------------------------------
  private recordForward(pass: PassRecorder, mode: Mode): void {
    const B = this.buffers!;
    const K = this.k;
    const m = this.uniforms.get(mode)!;
    const input = this.inputOf(mode).x;
    this.shapes.forEach((s, l) => {
      const hIn = l === 0 ? input : B.h[l - 1];
      pass.dispatch(K.forward, m.fwd[l], { weights: B.params, hIn, sOut: B.s, hOut: B.h[l] }, tileGrid(K.forward.spec.overrides, m.rows, s.nOut));
      pass.dispatch(K.biasAct, m.biasAct[l], { S: B.s, H: B.h[l], params: B.params }, elementGrid(m.rows * s.nOut, K.biasAct.spec.overrides.WG));
    });
  }

  private recordLoss(pass: PassRecorder, mode: Mode): void {
    const B = this.buffers!;
    const L = this.shapes.length;
    const m = this.uniforms.get(mode)!;
    pass.dispatch(this.k.loss, m.loss, { Z: B.h[L - 1], Yt: this.inputOf(mode).y, D: B.d[(L - 1) & 1], rowOut: B.rowLoss },
      elementGrid(m.rows, this.k.loss.spec.overrides.WG));
  }

  private recordBackward(pass: PassRecorder, mode: Mode, stats: boolean): void {
    const B = this.buffers!;
    const K = this.k;
    const m = this.uniforms.get(mode)!;
    const input = this.inputOf(mode).x;
    for (let l = this.shapes.length - 1; l >= 0; l--) {
      const s = this.shapes[l];
      const d = B.d[l & 1];
      const below = l === 0 ? input : B.h[l - 1];
      pass.dispatch(K.weightGrad, m.wgrad[l], { D: d, Hb: below, G: B.grads }, trainWeightGradGrid(K.weightGrad.spec.overrides.WG, s.nIn, s.nOut));
      if (stats) {
        pass.dispatch(K.unitStats, m.unitStats[l], { H: B.h[l], S: B.s, D: d, stats: B.unitStats }, elementGrid(s.nOut, K.unitStats.spec.overrides.WG));
      }
      if (l === 0) break;
      pass.dispatch(K.backward, m.bwd[l], { weights: B.params, dIn: d, sIn: B.s, dOut: B.gUp }, tileGrid(K.backward.spec.overrides, m.rows, s.nIn));
      if (this.acts.learnedSlope) pass.dispatch(K.preluGrad, m.prelu[l], { Gup: B.gUp, S: B.s, G: B.grads }, [1]);
      pass.dispatch(K.actBackward, m.actBack[l], { Gup: B.gUp, S: B.s, params: B.params, D: B.d[(l - 1) & 1] },
        elementGrid(m.rows * s.nIn, K.actBackward.spec.overrides.WG));
    }
  }

  /** One optimizer step t on a sampled minibatch. */
  private recordStep(pass: PassRecorder, t: number): void {
    const B = this.buffers!;
    const K = this.k;
    const c = this.config;
    const { c1, c2 } = biasCorrections(hyperOf(c), t);
    pass.dispatch(K.gather, { rows: c.batchSize, n: c.trainSize, key: batchKey(c.seed), t, dIn: this.task.inputDim, outputs: this.task.outputs },
      { X: B.xTrain, Y: B.yTrain, xb: B.xb, yb: B.yb }, elementGrid(c.batchSize, K.gather.spec.overrides.WG));
    this.recordForward(pass, 'train');
    this.recordLoss(pass, 'train');
    this.recordBackward(pass, 'train', false);
    pass.dispatch(K.update, {
      count: B.layout.count, decayEnd: B.layout.decayEnd, optKind: OPT_KIND[c.optimizer], lr: c.lr, momentum: c.momentum,
      beta1: c.beta1, beta2: c.beta2, eps: c.eps, wd: c.weightDecay, c1, c2,
    }, { Pm: B.params, G: B.grads, M: B.m, V: B.v }, elementGrid(B.layout.count, K.update.spec.overrides.WG));
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
    const first = this.stepsDone + 1;
    const label = `train steps ${first}-${first + count - 1}`;
    const pass = this.recorder!.pass(label);
    for (let i = 0; i < count; i++) this.recordStep(pass, first + i);
    this.recorder!.submit(label);
    this.stepsDone += count;
  }

  /** The whole-training-set pass, the test pass, and the one readback of the checkpoint. */
  private async checkpoint(): Promise<Checkpoint> {
    const B = this.buffers!;
    const K = this.k;
    const L = this.shapes.length;
    const label = `checkpoint ${this.stepsDone}`;
    const pass = this.recorder!.pass(label);
    this.recordForward(pass, 'tr');
    this.recordLoss(pass, 'tr');
    this.recordBackward(pass, 'tr', true);
    pass.dispatch(K.segmentRms, this.segments.grads, { X: B.grads, segments: B.segments, out: B.segOut }, [2 * L]);
    pass.dispatch(K.segmentRms, this.segments.params, { X: B.params, segments: B.segments, out: B.segOut }, [L]);
    this.recordForward(pass, 'te');
    this.recordLoss(pass, 'te');
    const sizes = [B.unitStats.size, B.segOut.size, B.rowLoss.size, 4 * L];
    const staging = this.device.createBuffer({ label: 'checkpoint readback', size: sizes.reduce((a, b) => a + b, 0), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.recorder!.submit(label, (enc) => {
      let at = 0;
      enc.copyBufferToBuffer(B.unitStats, 0, staging, at, sizes[0]); at += sizes[0];
      enc.copyBufferToBuffer(B.segOut, 0, staging, at, sizes[1]); at += sizes[1];
      enc.copyBufferToBuffer(B.rowLoss, 0, staging, at, sizes[2]); at += sizes[2];
      enc.copyBufferToBuffer(B.params, 4 * B.layout.slopeOff, staging, at, sizes[3]);
    });
    try {
      await staging.mapAsync(GPUMapMode.READ);
      const bytes = staging.getMappedRange().slice(0);
      staging.unmap();
      return this.parseCheckpoint(bytes, sizes);
    } finally {
      staging.destroy();
    }
  }

  private parseCheckpoint(bytes: ArrayBuffer, sizes: number[]): Checkpoint {
    const B = this.buffers!;
    const c = this.config;
    const L = this.shapes.length;
    const unit = recordReader(UNIT_RECORD, bytes, 0, sizes[0]);
    const segment = recordReader(SEGMENT_RECORD, bytes, sizes[0], sizes[1]);
    const rows = new Float32Array(bytes, sizes[0] + sizes[1], sizes[2] / 4);
    const slopes = new Float32Array(bytes, sizes[0] + sizes[1] + sizes[2], L);
    const raws: RawTrainLayer[] = this.shapes.map((s, l) => {
      let raw = emptyRawTrainLayer(s);
      for (let j = 0; j < s.nOut; j++) {
        const r = unit(B.unitOff[l] + j);
        raw = { ...raw, ...mergeRecord(TRAIN_UNIT_SUMS, raw, r) };
        raw.alive[j] = r.alive;
      }
      // Segments: gradient weights (L), gradient biases (L), parameter weights (L).
      raw.gradW = segment(l);
      raw.gradB = segment(L + l);
      raw.weights = segment(2 * L + l);
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
        this.recordForward(this.recorder!.pass('predict grid'), 'grid');
        const bytes = count * outs * 4;
        const staging = this.device.createBuffer({ label: 'grid readback', size: Math.ceil(bytes / 4) * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
        this.recorder!.submit('predict grid', (enc) => enc.copyBufferToBuffer(B.h[L - 1], 0, staging, 0, staging.size));
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
    this.recorder?.dispose();
    this.recorder = null;
    this.uniforms.clear();
    this.buffers?.dispose();
    this.buffers = null;
  }

  dispose(): void {
    this.release();
    this.disposed = true;
  }
}
