/**
 * The one owner of a training run's GPU memory. Parameters, gradients and optimizer state live in
 * flat buffers with one layout (see ParamLayout) for the whole run; activations are sized for the
 * largest pass (minibatch, whole training set, test set or a grid chunk).
 */
import { ConfigError } from '../../sim/config';
import { compareBytes, formatBytes } from '../../sim/memory';
import { usable } from '../memory-plan';
import type { LayerShape } from '../../sim/train/model';
import { BufferOwner } from '../buffers';
import { SEGMENT_RECORD } from './train-segment-rms';
import { UNIT_RECORD } from './train-unit-stats';

/** Float offsets of every layer's weights, biases and the slopes in the flat parameter buffer. */
export interface ParamLayout {
  wOff: number[];
  bOff: number[];
  slopeOff: number;
  /** Weights occupy [0, decayEnd): weight decay applies there only. */
  decayEnd: number;
  count: number;
}

const align4 = (n: number): number => Math.ceil(n / 4) * 4;

export function paramLayout(shapes: LayerShape[]): ParamLayout {
  const wOff: number[] = [];
  let at = 0;
  for (const s of shapes) {
    wOff.push(at);
    at = align4(at + s.nIn * s.nOut); // the shared kernels read weights as vec4 from a multiple of 4
  }
  const decayEnd = at;
  const bOff: number[] = [];
  for (const s of shapes) {
    bOff.push(at);
    at += s.nOut;
  }
  const slopeOff = at;
  at = align4(at + shapes.length);
  return { wOff, bOff, slopeOff, decayEnd, count: at };
}

export interface TrainSizes {
  shapes: LayerShape[];
  /** Rows of the largest pass. */
  rows: number;
  batch: number;
  inputDim: number;
  outputs: number;
  trainN: number;
  testN: number;
}

const STORAGE = GPUBufferUsage.STORAGE;

export class TrainBuffers extends BufferOwner {
  readonly layout: ParamLayout;
  readonly params: GPUBuffer;
  readonly grads: GPUBuffer;
  readonly m: GPUBuffer;
  readonly v: GPUBuffer;
  readonly xTrain: GPUBuffer;
  readonly yTrain: GPUBuffer;
  readonly xTest: GPUBuffer;
  readonly yTest: GPUBuffer;
  readonly xGrid: GPUBuffer;
  readonly xb: GPUBuffer;
  readonly yb: GPUBuffer;
  /** Pre-activations of every layer: layer l at l·rows·maxUnits. */
  readonly s: GPUBuffer;
  readonly h: GPUBuffer[];
  readonly d: [GPUBuffer, GPUBuffer];
  /** ∂ℓ/∂h of the layer below, from the shared backward kernel. */
  readonly gUp: GPUBuffer;
  /** (loss, correct) per example: training set at 0, test set at 2·rows. */
  readonly rowLoss: GPUBuffer;
  readonly unitStats: GPUBuffer;
  readonly segments: GPUBuffer;
  readonly segOut: GPUBuffer;
  readonly maxUnits: number;
  readonly sStride: number;
  readonly unitOff: number[];
  readonly totalUnits: number;

  /** Bytes the buffers need, checked against the device before any is created. */
  static bytesNeeded(z: TrainSizes): { total: number; largest: number } {
    const layout = paramLayout(z.shapes);
    const maxUnits = Math.max(...z.shapes.map((s) => s.nOut));
    const L = z.shapes.length;
    const sBytes = L * z.rows * maxUnits * 4;
    const hBytes = z.shapes.reduce((a, s) => a + z.rows * s.nOut * 4, 0);
    const total = layout.count * 16 + sBytes + hBytes + 3 * z.rows * maxUnits * 4 + (z.trainN + z.testN + z.rows) * (z.inputDim + z.outputs) * 4;
    return { total, largest: Math.max(sBytes, layout.count * 4, z.rows * maxUnits * 4) };
  }

  /** Refuses sizes beyond 7/8 of the device's buffer limit or of the budget (the margin of src/gpu/memory-plan.ts). */
  static check(z: TrainSizes, limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }, budget: number): void {
    const { total, largest } = TrainBuffers.bytesNeeded(z);
    const maxBinding = usable(Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize));
    if (largest > maxBinding) {
      const shown = compareBytes(largest, maxBinding);
      throw new ConfigError(`this network needs a ${shown.need} GPU buffer; the trainer uses at most ${shown.limit} per buffer, 7/8 of the device's limit (reduce depth, width, train-size or test-size)`);
    }
    if (total > usable(budget)) {
      const shown = compareBytes(total, usable(budget));
      throw new ConfigError(`training needs ${shown.need} of GPU memory; the trainer plans for at most ${shown.limit}, 7/8 of its ${formatBytes(budget)} budget (reduce depth, width, train-size or test-size)`);
    }
  }

  constructor(device: GPUDevice, z: TrainSizes) {
    super(device);
    const L = z.shapes.length;
    this.layout = paramLayout(z.shapes);
    this.maxUnits = Math.max(...z.shapes.map((s) => s.nOut));
    this.sStride = z.rows * this.maxUnits;
    const n = this.layout.count * 4;
    this.params = this.make('train params', n, STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    this.grads = this.make('train grads', n, STORAGE);
    this.m = this.make('train optimizer m', n, STORAGE);
    this.v = this.make('train optimizer v', n, STORAGE);
    const data = STORAGE | GPUBufferUsage.COPY_DST;
    this.xTrain = this.make('train x', z.trainN * z.inputDim * 4, data);
    this.yTrain = this.make('train y', z.trainN * z.outputs * 4, data);
    this.xTest = this.make('test x', z.testN * z.inputDim * 4, data);
    this.yTest = this.make('test y', z.testN * z.outputs * 4, data);
    this.xGrid = this.make('grid x', z.rows * z.inputDim * 4, data);
    this.xb = this.make('minibatch x', z.batch * z.inputDim * 4, STORAGE);
    this.yb = this.make('minibatch y', z.batch * z.outputs * 4, STORAGE);
    this.s = this.make('train pre-activations', L * this.sStride * 4, STORAGE);
    this.h = z.shapes.map((s, l) => this.make(`train activations layer ${l + 1}`, z.rows * s.nOut * 4, STORAGE | GPUBufferUsage.COPY_SRC));
    this.d = [this.make('train deltas A', this.sStride * 4, STORAGE), this.make('train deltas B', this.sStride * 4, STORAGE)];
    this.gUp = this.make('train upstream gradient', this.sStride * 4, STORAGE);
    this.rowLoss = this.make('train row losses', 4 * z.rows * 4, STORAGE | GPUBufferUsage.COPY_SRC);
    this.unitOff = [];
    let u = 0;
    for (const s of z.shapes) {
      this.unitOff.push(u);
      u += s.nOut;
    }
    this.totalUnits = u;
    this.unitStats = this.make('train unit stats', u * UNIT_RECORD.words * 4, STORAGE | GPUBufferUsage.COPY_SRC);
    // Segments: gradient weights (L), gradient biases (L), parameter weights (L).
    const seg = new Uint32Array(6 * L);
    z.shapes.forEach((s, l) => {
      seg.set([this.layout.wOff[l], s.nIn * s.nOut], 2 * l);
      seg.set([this.layout.bOff[l], s.nOut], 2 * (L + l));
    });
    this.segments = this.make('train segments', seg.byteLength, data);
    device.queue.writeBuffer(this.segments, 0, seg);
    this.segOut = this.make('train segment sums', 3 * L * SEGMENT_RECORD.words * 4, STORAGE | GPUBufferUsage.COPY_SRC);
  }
}
