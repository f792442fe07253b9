/**
 * The CPU training engines: deterministic (the same seed gives the same trajectory bit for bit),
 * float32 arrays, usable in Node and in a Web Worker, on either CPU backend (src/sim/backend.ts:
 * `reference`, float64 accumulation, or `cpu`, the WebAssembly kernels on every core). Each step
 * mirrors the GPU kernels: gather (train_gather) → forward (forward) → loss (train_loss) → backward
 * (weight gradients train_weight_grad, backward, train_prelu_grad) → update (train_update).
 */
import { Allocations, type CpuBackend } from '../backend';
import { ConfigError } from '../config';
import { cpuEngineInfo } from '../cpu-engine';
import { GiB, compareBytes, formatBytes } from '../memory';
import { referenceBackend } from '../reference-backend';
import type { EngineInfo } from '../stats';
import { Workspace, backwardPass, forwardPass, lossKindOf } from './backprop';
import { batchKey, gatherBatch } from './kernels';
import { lossHead, type LossKind } from './losses';
import {
  checkModelSize, initModel, modelActivations, modelShapes, type LayerShape, type ModelParams, type ResolvedModelActivations,
} from './model';
import { hyperOf, optimizerUpdate, stateSlots, type OptimizerHyper } from './optimizers';
import { generateTask, type TaskData } from './tasks';
import {
  DeadTracker, accumulateLayer, emptyRawTrainLayer, finalizeCheckpoint, scaledSquaresOf, splitMetrics,
} from './tracking';
import type { TrainConfig } from './train-config';
import { isCheckpointStep, type Checkpoint, type GridPrediction, type Trainer } from './trainer';

/** Examples per chunk of a checkpoint's pass over the whole training set. */
const EVAL_CHUNK = 512;
export const CPU_TRAIN_MEMORY_LIMIT = 2 * GiB;

interface OptState {
  m: Float32Array[];
  v: Float32Array[];
}

export class CpuTrainer implements Trainer {
  readonly kind: CpuBackend['kind'];
  stepsDone = 0;
  config!: TrainConfig;
  task!: TaskData;
  model!: ModelParams;
  private acts!: ResolvedModelActivations;
  private lossKind!: LossKind;
  private hyper!: OptimizerHyper;
  private ws: Workspace | null = null;
  /** Evaluation chunks' workspace, kept for the next checkpoint. */
  private evalWs: Workspace | null = null;
  /** The model's weights and biases inside the backend's memory. */
  private params: Allocations;
  private yb!: Float32Array;
  private key = 0;
  /** Optimizer state per parameter array: weights, biases, and the slopes as one array. */
  private stW!: OptState;
  private stB!: OptState;
  private stSlope!: OptState;
  private tracker!: DeadTracker;

  /** The trainer owns `backend` and disposes it. */
  constructor(private readonly memoryLimit = CPU_TRAIN_MEMORY_LIMIT, private readonly backend: CpuBackend = referenceBackend()) {
    this.kind = backend.kind;
    this.params = new Allocations(backend);
  }

  async init(config: TrainConfig): Promise<Checkpoint> {
    return this.initSync(config);
  }

  initSync(config: TrainConfig): Checkpoint {
    this.config = config;
    this.task = generateTask(config);
    // Size checks first: nothing is generated for a network beyond the limit.
    const shapes = modelShapes(config.depth, config.width, this.task.inputDim, this.task.outputs);
    checkModelSize(shapes, this.memoryLimit, 'the CPU engine');
    const actBytes = shapes.reduce((a, s) => a + s.nOut, 0) * Math.max(config.batchSize, Math.min(EVAL_CHUNK, config.trainSize)) * 12;
    if (actBytes > this.memoryLimit) {
      const shown = compareBytes(actBytes, this.memoryLimit);
      throw new ConfigError(`batch-size ${config.batchSize} × width ${config.width} × depth ${config.depth} needs ${shown.need} of activations on the CPU engine (limit ${shown.limit})`);
    }
    this.checkResident(shapes, config);
    this.release();
    const model = initModel(config, this.task.inputDim, this.task.outputs);
    // The products read the weights and biases in place: they live in the backend's memory.
    this.model = { ...model, weights: model.weights.map((w) => this.params.copy(w)), biases: model.biases.map((b) => this.params.copy(b)) };
    this.acts = modelActivations(config);
    this.lossKind = lossKindOf(this.task.classification);
    this.hyper = hyperOf(config);
    this.ws = new Workspace(this.model, config.batchSize, this.backend);
    this.yb = new Float32Array(config.batchSize * this.task.outputs);
    this.key = batchKey(config.seed);
    const slots = stateSlots(config.optimizer);
    const state = (arrays: Float32Array[]): OptState => ({
      m: arrays.map((a) => new Float32Array(slots >= 1 ? a.length : 0)),
      v: arrays.map((a) => new Float32Array(slots >= 2 ? a.length : 0)),
    });
    this.stW = state(this.model.weights);
    this.stB = state(this.model.biases);
    this.stSlope = state([this.model.slopes]);
    this.tracker = new DeadTracker(this.model.shapes);
    this.stepsDone = 0;
    return this.checkpoint();
  }

  async step(n: number): Promise<Checkpoint[]> {
    return this.stepSync(n);
  }

  stepSync(n: number): Checkpoint[] {
    const out: Checkpoint[] = [];
    const end = Math.min(this.config.steps, this.stepsDone + Math.max(0, Math.floor(n)));
    while (this.stepsDone < end) {
      this.trainStep();
      if (isCheckpointStep(this.stepsDone, this.config)) out.push(this.checkpoint());
    }
    return out;
  }

  /** One optimizer step on a minibatch. */
  trainStep(): void {
    const c = this.config;
    const t = this.stepsDone + 1;
    const { x, y, n } = this.task.train;
    const ws = this.ws!;
    gatherBatch(this.key, t, x, y, n, this.task.inputDim, this.task.outputs, c.batchSize, ws.x, this.yb);
    forwardPass(this.model, this.acts, ws.x, c.batchSize, ws);
    backwardPass(this.model, this.acts, ws.x, this.yb, c.batchSize, this.lossKind, ws);
    const m = this.model;
    for (let l = 0; l < m.shapes.length; l++) {
      optimizerUpdate(m.weights[l], ws.gW[l], this.stW.m[l], this.stW.v[l], this.hyper, t, c.weightDecay);
      optimizerUpdate(m.biases[l], ws.gB[l], this.stB.m[l], this.stB.v[l], this.hyper, t, 0);
    }
    if (this.acts.learnedSlope) {
      optimizerUpdate(m.slopes, ws.gSlope, this.stSlope.m[0], this.stSlope.v[0], this.hyper, t, 0);
    }
    this.stepsDone = t;
  }

  /** Statistics over the whole training set (in chunks) and loss/accuracy on the test set. */
  checkpoint(): Checkpoint {
    const { shapes } = this.model;
    const raws = shapes.map(emptyRawTrainLayer);
    const gW = shapes.map((sh) => new Float64Array(sh.nIn * sh.nOut));
    const gB = shapes.map((sh) => new Float64Array(sh.nOut));
    const train = this.task.train;
    const dIn = this.task.inputDim;
    const outs = this.task.outputs;
    const ws = this.evalWorkspace(train.n);
    const chunk = ws.batch;
    let lossSum = 0, correct = 0;
    for (let start = 0; start < train.n; start += chunk) {
      const rows = Math.min(chunk, train.n - start);
      ws.x.set(train.x.subarray(start * dIn, (start + rows) * dIn));
      const y = train.y.subarray(start * outs, (start + rows) * outs);
      forwardPass(this.model, this.acts, ws.x, rows, ws);
      const sums = backwardPass(this.model, this.acts, ws.x, y, rows, this.lossKind, ws, 1 / train.n);
      lossSum += sums.lossSum;
      correct += sums.correct;
      for (let l = 0; l < shapes.length; l++) {
        const n = shapes[l].nOut;
        accumulateLayer(raws[l], ws.s[l], ws.h[l], ws.deltas[l], rows, n);
        for (let k = 0; k < gW[l].length; k++) gW[l][k] += ws.gW[l][k];
        for (let k = 0; k < gB[l].length; k++) gB[l][k] += ws.gB[l][k];
      }
    }
    for (let l = 0; l < shapes.length; l++) {
      raws[l].weights = scaledSquaresOf(this.model.weights[l]);
      // The gradient is stored in float32 on the GPU: round the same way before squaring.
      raws[l].gradW = scaledSquaresOf(Float32Array.from(gW[l]));
      raws[l].gradB = scaledSquaresOf(Float32Array.from(gB[l]));
      if (this.acts.learnedSlope && l < shapes.length - 1) raws[l].slope = this.model.slopes[l];
    }
    const test = this.evaluate(this.task.test.x, this.task.test.y, this.task.test.n);
    return finalizeCheckpoint(
      this.stepsDone, raws, shapes, train.n, splitMetrics(lossSum, correct, train.n, this.task.classification), test, this.tracker,
    );
  }

  /** Loss and accuracy of the current network on n examples: a forward pass and the loss at the head. */
  evaluate(x: Float32Array, y: Float32Array, n: number): { loss: number; accuracy: number | null } {
    const ws = this.evalWorkspace(n);
    const chunk = ws.batch;
    const dIn = this.task.inputDim, outs = this.task.outputs;
    let lossSum = 0, correct = 0;
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      ws.x.set(x.subarray(start * dIn, (start + rows) * dIn));
      const z = forwardPass(this.model, this.acts, ws.x, rows, ws);
      const sums = lossHead(z, y.subarray(start * outs, (start + rows) * outs), rows, outs, this.lossKind, null);
      lossSum += sums.lossSum;
      correct += sums.correct;
    }
    return splitMetrics(lossSum, correct, n, this.task.classification);
  }

  async predictGrid(resolution: number): Promise<GridPrediction> {
    return this.predictGridSync(resolution);
  }

  predictGridSync(resolution: number): GridPrediction {
    const res = Math.max(2, Math.min(512, Math.floor(resolution)));
    const [x0, x1, y0, y1] = this.task.bounds;
    const n = res * res;
    const xs = new Float32Array(n * 2);
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res; c++) {
        xs[2 * (r * res + c)] = x0 + ((c + 0.5) / res) * (x1 - x0);
        xs[2 * (r * res + c) + 1] = y1 - ((r + 0.5) / res) * (y1 - y0);
      }
    }
    const outs = this.task.outputs;
    const values = new Float32Array(n * outs);
    const ws = this.evalWorkspace(n);
    const chunk = ws.batch;
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      ws.x.set(xs.subarray(start * 2, (start + rows) * 2));
      const z = forwardPass(this.model, this.acts, ws.x, rows, ws);
      values.set(z.subarray(0, rows * outs), start * outs);
    }
    if (this.task.classification) softmaxRows(values, outs);
    return { resolution: res, bounds: this.task.bounds, outputs: outs, classification: this.task.classification, values };
  }

  /** A workspace for chunks of at most EVAL_CHUNK of n examples, reused while it has that size. */
  private evalWorkspace(n: number): Workspace {
    const chunk = Math.min(EVAL_CHUNK, n);
    if (this.evalWs?.batch !== chunk) {
      this.evalWs?.free();
      this.evalWs = new Workspace(this.model, chunk, this.backend);
    }
    return this.evalWs;
  }

  /**
   * Refuses, before allocating, what the backend's memory cannot hold (wasm32: 4 GiB at most): the
   * weights, biases and their gradients, and a workspace for the batch and one for evaluation chunks.
   */
  private checkResident(shapes: LayerShape[], config: TrainConfig): void {
    const available = this.backend.availableBytes();
    if (available === null) return;
    const bytes = this.backend.allocationBytes;
    const params = shapes.reduce((t, s) => t + 2 * bytes(s.nIn * s.nOut) + bytes(s.nOut), 0);
    const workspace = (rows: number): number => bytes(rows * shapes[0].nIn) + shapes.reduce((t, s) => t + 3 * bytes(rows * s.nOut), 0);
    const need = params + workspace(config.batchSize) + workspace(Math.min(EVAL_CHUNK, Math.max(config.trainSize, config.testSize)));
    if (need > available) {
      throw new ConfigError(
        `depth ${config.depth} × width ${config.width} with batch-size ${config.batchSize} needs ${formatBytes(need)} of WebAssembly memory on the CPU engine, ` +
          `mostly ${formatBytes(params)} of weights and their gradients; wasm32 memory holds at most 4 GiB and ${formatBytes(available)} of it is free (reduce depth or width)`,
      );
    }
  }

  /** Gives back the backend memory of the last init. */
  private release(): void {
    this.ws?.free();
    this.evalWs?.free();
    this.ws = this.evalWs = null;
    this.params.freeAll();
  }

  engineInfo(): EngineInfo {
    return cpuEngineInfo(this.backend.info());
  }

  dispose(): void {
    this.release();
    this.backend.dispose();
  }
}

export function softmaxRows(v: Float32Array, k: number): void {
  for (let o = 0; o < v.length; o += k) {
    let max = -Infinity;
    for (let i = 0; i < k; i++) max = Math.max(max, v[o + i]);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += Math.exp(v[o + i] - max);
    for (let i = 0; i < k; i++) v[o + i] = Math.exp(v[o + i] - max) / sum;
  }
}
